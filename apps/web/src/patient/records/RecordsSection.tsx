import { type KeyboardEvent, useRef, useState } from 'react';
import type { PatientPage } from '../../api-types.ts';
import { formatDate } from '../../format.ts';
import { useRecordsTab } from '../../layout/patient-view.ts';
import { errorMessage, isConflict, useTRPCClient } from '../../trpc.ts';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { Empty } from '../../ui/QueryState.tsx';
import { useRefreshPatient } from '../refresh.ts';
import { type FormName, RECORD_FORMS, type RecordFormSpec } from './form-specs.ts';
import { CONFLICT_MESSAGE, RecordForm } from './RecordForm.tsx';
import {
  describePart,
  describeRecord,
  type PartName,
  SECTION_PARTS,
  SECTIONS,
  type SectionName,
} from './record-summaries.ts';

type AnyRecord = Record<string, unknown> & { id: string; version: number };
type RecordName = SectionName | PartName;
interface RecordApi {
  create: { mutate(input: object): Promise<unknown> };
  update: { mutate(input: object): Promise<unknown> };
  delete: { mutate(input: object): Promise<unknown> };
}

/** The record routers, addressed by name (each has the same create, update and delete). */
function useRecordApi(name: RecordName): RecordApi {
  const client = useTRPCClient() as unknown as Record<RecordName, RecordApi>;
  return client[name];
}

/** Every record of the patient by type, newest first, with add, edit and delete. */
export function RecordsSection({ page }: { page: PatientPage }) {
  const [tab, setTab] = useRecordsTab();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = (index + step + SECTIONS.length) % SECTIONS.length;
    setTab((SECTIONS[next] as (typeof SECTIONS)[number]).name);
    tabs.current[next]?.focus();
  };
  const current = SECTIONS.find((section) => section.name === tab) ?? (SECTIONS[0] as (typeof SECTIONS)[number]);
  return (
    <section className="records no-print" aria-labelledby="records-heading">
      <h2 id="records-heading">Records</h2>
      <div role="tablist" aria-label="Record types" className="tabs">
        {SECTIONS.map((section, index) => (
          <button
            key={section.name}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${section.name}`}
            aria-selected={section.name === tab}
            aria-controls="record-panel"
            tabIndex={section.name === tab ? 0 : -1}
            onClick={() => setTab(section.name)}
            onKeyDown={(event) => onKey(event, index)}
          >
            {section.label} <span className="count">{page.records[section.name].length}</span>
          </button>
        ))}
      </div>
      <div role="tabpanel" id="record-panel" aria-labelledby={`tab-${tab}`}>
        <RecordList key={tab} page={page} section={current.name} dateField={current.dateField} />
      </div>
    </section>
  );
}

/** One stored record: its line with Edit and Delete, or its form while being edited. */
function RecordEntry({
  record,
  spec,
  date,
  text,
  editing,
  onEdit,
  onCancel,
  onSave,
  onDelete,
  onReload,
}: {
  record: AnyRecord;
  spec: RecordFormSpec;
  date?: string;
  text: string;
  editing: boolean;
  onEdit: () => void;
  onCancel: () => void;
  onSave: (data: Record<string, unknown>) => Promise<void>;
  onDelete: () => void;
  onReload: () => void;
}) {
  if (editing)
    return (
      <RecordForm
        key={`${record.id}-${record.version}`}
        spec={spec}
        record={record}
        submitLabel="Save changes"
        onSubmit={onSave}
        onCancel={onCancel}
        onReload={onReload}
      />
    );
  return (
    <div className="record-row">
      {date && <span className="record-date">{formatDate(date)}</span>}
      <span className="record-text">{text}</span>
      <span className="record-actions">
        <button type="button" className="link-button" onClick={onEdit}>
          Edit
        </button>
        <ConfirmButton
          label="Delete"
          question={`Delete this ${spec.title.toLowerCase()}${date ? ` of ${formatDate(date)}` : ''}?`}
          confirmLabel="Delete"
          onConfirm={onDelete}
        />
      </span>
    </div>
  );
}

function RecordList({ page, section, dateField }: { page: PatientPage; section: SectionName; dateField: string }) {
  const spec = RECORD_FORMS[section as FormName];
  const api = useRecordApi(section);
  const refresh = useRefreshPatient(page.patient.id);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const parts = SECTION_PARTS[section];
  const records = [...(page.records[section] as AnyRecord[])].sort((a, b) =>
    String(b[dateField]).localeCompare(String(a[dateField])),
  );

  const saved = async (text: string) => {
    await refresh();
    setEditing(null);
    setStatus({ text });
  };
  const remove = async (record: AnyRecord, recordApi: RecordApi, label: string) => {
    try {
      await recordApi.delete.mutate({ id: record.id, version: record.version });
      await saved(`${label} deleted.`);
    } catch (error) {
      setStatus({ text: isConflict(error) ? CONFLICT_MESSAGE : errorMessage(error), error: true });
      await refresh();
    }
  };

  return (
    <div>
      <p role="status" className={status?.error ? 'error' : 'saved'}>
        {status?.text}
      </p>
      {editing === 'new' ? (
        <RecordForm
          spec={spec}
          submitLabel={`Save ${spec.title.toLowerCase()}`}
          onSubmit={async (data) => {
            await api.create.mutate({ patientId: page.patient.id, data });
            await saved(`${spec.title} saved.`);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => {
            setStatus(null);
            setEditing('new');
          }}
        >
          Add {spec.title.toLowerCase()}
        </button>
      )}
      {records.length === 0 && <Empty>No {spec.title.toLowerCase()} recorded.</Empty>}
      <ul className="record-list">
        {records.map((record) => (
          <li key={record.id}>
            <RecordEntry
              record={record}
              spec={spec}
              date={String(record[dateField])}
              text={describeRecord(section, record)}
              editing={editing === record.id}
              onEdit={() => setEditing(record.id)}
              onCancel={() => setEditing(null)}
              onSave={async (data) => {
                await api.update.mutate({ id: record.id, version: record.version, data });
                await saved(`${spec.title} updated.`);
              }}
              onDelete={() => void remove(record, api, spec.title)}
              onReload={() => void refresh()}
            />
            {parts && (
              <Parts
                part={parts.part}
                owner={{ [parts.owner]: record.id }}
                parent={record}
                onDone={saved}
                onDelete={remove}
                onReload={() => void refresh()}
              />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A relapse's acute treatments or a therapy's doses, edited under their parent. */
function Parts({
  part,
  owner,
  parent,
  onDone,
  onDelete,
  onReload,
}: {
  part: PartName;
  owner: Record<string, string>;
  parent: AnyRecord;
  onDone: (text: string) => Promise<void>;
  onDelete: (record: AnyRecord, api: RecordApi, label: string) => Promise<void>;
  onReload: () => void;
}) {
  const spec = RECORD_FORMS[part];
  const api = useRecordApi(part);
  const [editing, setEditing] = useState<string | null>(null);
  const parts = (parent[part] as AnyRecord[] | undefined) ?? [];
  return (
    <div className="parts">
      <ul>
        {parts.map((record) => (
          <li key={record.id}>
            <RecordEntry
              record={record}
              spec={spec}
              text={describePart(part, record)}
              editing={editing === record.id}
              onEdit={() => setEditing(record.id)}
              onCancel={() => setEditing(null)}
              onSave={async (data) => {
                await api.update.mutate({ id: record.id, version: record.version, data });
                setEditing(null);
                await onDone(`${spec.title} updated.`);
              }}
              onDelete={() => void onDelete(record, api, spec.title)}
              onReload={onReload}
            />
          </li>
        ))}
      </ul>
      {editing === 'new' ? (
        <RecordForm
          spec={spec}
          submitLabel={`Save ${spec.title.toLowerCase()}`}
          onSubmit={async (data) => {
            await api.create.mutate({ ...owner, data });
            setEditing(null);
            await onDone(`${spec.title} saved.`);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button type="button" className="link-button" onClick={() => setEditing('new')}>
          Add {spec.title.toLowerCase()}
        </button>
      )}
    </div>
  );
}
