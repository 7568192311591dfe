/** A page that does not exist, or is not open to the account's role (the server refuses it too). */
export function NotAvailable() {
  return (
    <section>
      <h1>Not available</h1>
      <p>This page does not exist or is not open to your role.</p>
    </section>
  );
}
