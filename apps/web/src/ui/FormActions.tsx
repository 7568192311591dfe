import type { ReactNode } from 'react';

/** A form's submit and Cancel buttons; submit is disabled while saving. */
export function FormActions({
  saving,
  onCancel,
  children,
}: {
  saving: boolean;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={saving}>
        {children}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
