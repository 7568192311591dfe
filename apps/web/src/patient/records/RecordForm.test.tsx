import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { serverError } from '../../test/fixtures.ts';
import { RECORD_FORMS } from './form-specs.ts';
import { CONFLICT_MESSAGE, RecordForm } from './RecordForm.tsx';

function renderForm(
  spec: (typeof RECORD_FORMS)[keyof typeof RECORD_FORMS],
  extra: Partial<Parameters<typeof RecordForm>[0]> = {},
) {
  const onSubmit = vi.fn(async (_data: Record<string, unknown>) => {});
  const onReload = vi.fn();
  render(
    <RecordForm
      spec={spec}
      submitLabel="Save"
      onSubmit={onSubmit}
      onCancel={() => {}}
      onReload={onReload}
      {...extra}
    />,
  );
  return { onSubmit, onReload, user: userEvent.setup() };
}

const errorOf = (label: string) => {
  const input = screen.getByLabelText(label);
  const id = input
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((part) => part.endsWith('-error'));
  return id ? document.getElementById(id)?.textContent : undefined;
};

describe('record forms: inline validation from the shared schemas', () => {
  it('shows an EDSS of 10.5 as an error on the score when the field is left, and does not submit', async () => {
    const { onSubmit, user } = renderForm(RECORD_FORMS.edss);
    await user.type(screen.getByLabelText('Date'), '2024-03-01');
    await user.type(screen.getByLabelText('EDSS score'), '10.5');
    await user.tab();
    expect(errorOf('EDSS score')).toBe('must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)');
    expect(screen.getByLabelText('EDSS score').getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('names every missing required field on submit, not before', async () => {
    const { onSubmit, user } = renderForm(RECORD_FORMS.relapses);
    expect(errorOf('Onset date')).toBeUndefined();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(errorOf('Onset date')).toBe('is required');
    expect(errorOf('Phenotype')).toBe('is required');
    expect(errorOf('Severity')).toBe('is required');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('says a typed word is not a number', async () => {
    const { user } = renderForm(RECORD_FORMS.edss);
    await user.type(screen.getByLabelText('EDSS score'), 'four');
    await user.tab();
    expect(errorOf('EDSS score')).toBe('must be a number');
  });

  it('submits numbers as numbers, functional systems nested, empty optional fields left out', async () => {
    const { onSubmit, user } = renderForm(RECORD_FORMS.edss);
    await user.type(screen.getByLabelText('Date'), '2024-03-01');
    await user.type(screen.getByLabelText('EDSS score'), '4.5');
    await user.type(screen.getByLabelText('Visual'), '2');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledWith({ date: '2024-03-01', score: 4.5, functionalSystems: { visual: 2 } });
  });

  it('clears a therapy stop date with null and keeps a stored record’s values when editing', async () => {
    const record = { agent: 'rituximab', startDate: '2020-01-01', stopDate: '2021-01-01', doseMg: 1000 };
    const { onSubmit, user } = renderForm(RECORD_FORMS.therapies, { record });
    expect((screen.getByLabelText('Agent') as HTMLSelectElement).value).toBe('rituximab');
    await user.clear(screen.getByLabelText('Stop date'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledWith({
      agent: 'rituximab',
      startDate: '2020-01-01',
      stopDate: null,
      doseMg: 1000,
    });
  });

  it('sends MRI gadolinium as true or false and comorbidities as a list', async () => {
    const mri = renderForm(RECORD_FORMS.mri);
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2024-01-01' } });
    await mri.user.selectOptions(screen.getByLabelText('Region'), 'spinal_cord');
    await mri.user.selectOptions(screen.getByLabelText('Gadolinium enhancement'), 'false');
    await mri.user.click(screen.getByRole('button', { name: 'Save' }));
    expect(mri.onSubmit).toHaveBeenCalledWith({ date: '2024-01-01', region: 'spinal_cord', gadolinium: false });
  });
});

describe('EDSS and diagnosis fields', () => {
  it('refuses EDSS 0.5 (not a Kurtzke step) and accepts 0 and 1.0', async () => {
    const { onSubmit, user } = renderForm(RECORD_FORMS.edss);
    await user.type(screen.getByLabelText('Date'), '2024-03-01');
    await user.type(screen.getByLabelText('EDSS score'), '0.5');
    await user.tab();
    expect(errorOf('EDSS score')).toBe('must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)');
    await user.clear(screen.getByLabelText('EDSS score'));
    await user.type(screen.getByLabelText('EDSS score'), '1.0');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledWith({ date: '2024-03-01', score: 1 });
  });

  const patient = {
    mrn: 'M1',
    givenName: 'Ada',
    familyName: 'Test',
    birthDate: '1980-01-01',
    sex: 'female',
    aqp4Status: 'negative',
    mogStatus: 'positive',
  };

  it('offers the diagnoses by their plain labels and sends the chosen one', async () => {
    const { onSubmit, user } = renderForm(RECORD_FORMS.patient, { record: patient });
    const select = screen.getByLabelText('Diagnosis') as HTMLSelectElement;
    expect([...select.options].map((option) => option.text)).toEqual([
      '–',
      'AQP4-IgG-positive NMOSD',
      'seronegative NMOSD',
      'MOG antibody-associated disease (MOGAD)',
      'other or uncertain diagnosis',
    ]);
    await user.selectOptions(select, 'mogad');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ diagnosis: 'mogad' }));
  });

  it('clears a recorded diagnosis with null (then it is derived from serostatus)', async () => {
    const { onSubmit, user } = renderForm(RECORD_FORMS.patient, { record: { ...patient, diagnosis: 'mogad' } });
    expect((screen.getByLabelText('Diagnosis') as HTMLSelectElement).value).toBe('mogad');
    await user.selectOptions(screen.getByLabelText('Diagnosis'), '');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ diagnosis: null }));
  });
});

describe('lab form: units from the chosen test', () => {
  /** The unit choices as [code, label], without the empty one. */
  const unitChoices = () =>
    [...(screen.getByLabelText('Unit') as HTMLSelectElement).options]
      .filter((option) => option.value !== '')
      .map((option) => [option.value, option.textContent]);
  const unit = () => screen.getByLabelText('Unit') as HTMLSelectElement;

  it('offers the UCUM codes of the test by their labels, the first preselected', async () => {
    const { user } = renderForm(RECORD_FORMS.labs);
    expect(unitChoices()).toEqual([]);
    await user.selectOptions(screen.getByLabelText('Test'), 'wbc');
    expect(unitChoices()).toEqual([
      ['10*9/L', '×10⁹/L'],
      ['10*3/uL', '×10³/µL'],
      ['/uL', 'cells/µL'],
    ]);
    expect(unit().value).toBe('10*9/L');
    await user.selectOptions(screen.getByLabelText('Test'), 'igg');
    expect(unitChoices().map(([code]) => code)).toEqual(['mg/dL', 'g/L', 'g/dL', 'mg/L']);
    expect(unit().value).toBe('mg/dL');
  });

  it('keeps a choice the next test also offers; a qualitative test has no unit to choose', async () => {
    const { user } = renderForm(RECORD_FORMS.labs);
    await user.selectOptions(screen.getByLabelText('Test'), 'wbc');
    await user.selectOptions(unit(), '10*3/uL');
    await user.selectOptions(screen.getByLabelText('Test'), 'platelets');
    expect(unit().value).toBe('10*3/uL');
    await user.selectOptions(screen.getByLabelText('Test'), 'hbsag');
    expect(unit().value).toBe('');
    expect(unit().disabled).toBe(true);
  });

  it('submits the code, and a value may still go without a unit', async () => {
    const { onSubmit, user } = renderForm(RECORD_FORMS.labs);
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2024-01-01' } });
    await user.selectOptions(screen.getByLabelText('Test'), 'bilirubin');
    await user.type(screen.getByLabelText('Value'), '12');
    await user.selectOptions(unit(), 'µmol/L');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ date: '2024-01-01', test: 'bilirubin', value: 12, unit: 'umol/L' });
    await user.selectOptions(unit(), '');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ date: '2024-01-01', test: 'bilirubin', value: 12 });
  });

  it('shows a stored record’s unit, and says a phenotype takes none', async () => {
    const { onSubmit, user } = renderForm(RECORD_FORMS.labs, {
      record: { date: '2024-01-01', test: 'tpmt', value: 30, unit: 'U/mL' },
    });
    expect(unit().value).toBe('U/mL');
    await user.clear(screen.getByLabelText('Value'));
    await user.selectOptions(screen.getByLabelText('Qualitative result'), 'normal');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(errorOf('Unit')).toBe(
      'must be left out when there is no value (a result alone, such as a TPMT phenotype, takes no unit)',
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

describe('record forms: the server’s answer', () => {
  it('shows a server field error on its field (a check only the server can make)', async () => {
    const onSubmit = vi.fn(async () => {
      throw serverError('BAD_REQUEST', 400, [
        { path: 'data.date', message: 'must not be before the birth date (1980-02-29)' },
      ]);
    });
    const { user } = renderForm(RECORD_FORMS.edss, { onSubmit });
    await user.type(screen.getByLabelText('Date'), '1970-01-01');
    await user.type(screen.getByLabelText('EDSS score'), '3');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(errorOf('Date')).toBe('must not be before the birth date (1980-02-29)'));
  });

  it('puts an error on no field of the form above it, with its path', async () => {
    const onSubmit = vi.fn(async () => {
      throw serverError('BAD_REQUEST', 400, [{ path: 'patientId', message: 'must be a UUID' }]);
    });
    const { user } = renderForm(RECORD_FORMS.vaccinations, { onSubmit });
    await user.type(screen.getByLabelText('Date'), '2024-01-01');
    await user.selectOptions(screen.getByLabelText('Vaccine'), 'menb');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('patientId: must be a UUID');
  });

  it('explains a CONFLICT and offers to load the other person’s version', async () => {
    const onSubmit = vi.fn(async () => {
      throw serverError('CONFLICT', 409);
    });
    const { user, onReload } = renderForm(RECORD_FORMS.vaccinations, {
      onSubmit,
      record: { date: '2024-01-01', vaccine: 'menb' },
    });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain(CONFLICT_MESSAGE);
    await user.click(screen.getByRole('button', { name: 'Load their version' }));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it('shows a duplicate MRN on the MRN field, not as someone else’s change', async () => {
    const message = 'MRN A-001 is already used by another patient';
    const onSubmit = vi.fn(async () => {
      throw serverError('CONFLICT', 409, [{ path: 'data.mrn', message }]);
    });
    const record = {
      mrn: 'A-001',
      givenName: 'Haruka',
      familyName: 'Nakamura',
      birthDate: '1980-01-01',
      sex: 'female',
    };
    const { user } = renderForm(RECORD_FORMS.patient, { onSubmit, record });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(errorOf('MRN')).toBe(message));
    expect(screen.queryByText(CONFLICT_MESSAGE)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Load their version' })).toBeNull();
  });
});
