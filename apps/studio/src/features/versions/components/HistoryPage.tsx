/** `#/templates/<id>/history`: every version of a template, diffs between two, publish / unpublish / roll back. */
export function HistoryPage({ templateId }: { templateId: string }) {
  return <main className="page" data-testid="history-page" data-template-id={templateId} />;
}
