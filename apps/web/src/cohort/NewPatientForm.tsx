import { useNavigate } from '@tanstack/react-router';
import { RECORD_FORMS } from '../patient/records/form-specs.ts';
import { RecordForm } from '../patient/records/RecordForm.tsx';
import { useTRPCClient } from '../trpc.ts';

/** The cohort's new-patient form; on saving, the new patient's page opens. */
export default function NewPatientForm({ onCancel }: { onCancel: () => void }) {
  const client = useTRPCClient();
  const navigate = useNavigate();
  return (
    <RecordForm
      spec={RECORD_FORMS.patient}
      submitLabel="Create patient"
      onSubmit={async (data) => {
        const created = await client.patients.create.mutate({ data: data as never });
        await navigate({ to: '/patients/$patientId', params: { patientId: created.id } });
      }}
      onCancel={onCancel}
    />
  );
}
