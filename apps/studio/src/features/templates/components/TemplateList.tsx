import type { TemplateSummary } from '../graphql/templates.graphql';
import { TemplateRow } from './TemplateRow';

interface TemplateListProps {
  templates: TemplateSummary[];
  /** The active search, used to word the empty state. */
  search: string;
  onCreateTemplate: () => void;
}

export function TemplateList({ templates, search, onCreateTemplate }: TemplateListProps) {
  if (templates.length === 0) {
    const trimmed = search.trim();
    return trimmed ? (
      <div className="empty-state" data-testid="templates-empty">
        <h2 className="empty-state-title">No templates match “{trimmed}”</h2>
        <p className="empty-state-text">Try a different title or tag.</p>
      </div>
    ) : (
      <div className="empty-state" data-testid="templates-empty">
        <h2 className="empty-state-title">No templates yet</h2>
        <p className="empty-state-text">
          A template captures a portrait look — pose, lighting and framing — that clients can reuse.
        </p>
        <button type="button" className="button button-primary" onClick={onCreateTemplate}>
          Create your first template
        </button>
      </div>
    );
  }

  return (
    <div className="table-wrap">
      <table className="template-table">
        <thead>
          <tr>
            <th scope="col">Template</th>
            <th scope="col">Base model</th>
            <th scope="col">Draft</th>
            <th scope="col">Published</th>
            <th scope="col" className="template-cell-updated">
              Updated
            </th>
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => (
            <TemplateRow key={template.id} template={template} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
