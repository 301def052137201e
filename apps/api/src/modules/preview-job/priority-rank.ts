// Priority as a sortable rank (REVIEW 0, INTERACTIVE 1, BULK 2) in SQL. The lease
// query orders by this exact SQL text, which the lease-window index (migration
// CreatePreviewJobs) repeats, so the planner reads the queue in index order.
export function priorityRankSql(column: string): string {
  return `CASE ${column} WHEN 'REVIEW' THEN 0 WHEN 'INTERACTIVE' THEN 1 ELSE 2 END`;
}
