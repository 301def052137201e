import { formatAbsoluteTime, formatRelativeTime } from '../../../lib/format-relative-time';
import type { TemplateSummary } from '../graphql/templates.graphql';
import { VersionStateBadge } from './VersionStateBadge';

const BASE_MODEL_LABELS = { SD15: 'SD 1.5', SDXL: 'SDXL' } as const;

export function TemplateRow({ template }: { template: TemplateSummary }) {
  const { draft, publishedVersion } = template;
  // The row's "last updated" is the newest of the template and its draft.
  const updatedAt = [template.updatedAt, draft?.updatedAt]
    .filter((iso): iso is string => Boolean(iso))
    .sort()
    .at(-1);

  return (
    <tr className="template-row" data-testid="template-row" data-template-id={template.id}>
      <th scope="row" className="template-cell-main">
        <span className="template-title">{template.title}</span>
        {template.tags.length > 0 && (
          <ul className="tag-list" aria-label="Tags">
            {template.tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </th>
      <td>
        <span className="model-chip">{BASE_MODEL_LABELS[template.baseModel] ?? template.baseModel}</span>
      </td>
      <td>
        {draft ? (
          <span className="draft-cell">
            <VersionStateBadge state={draft.state} />
            <span className="muted" title={`Draft revision ${draft.revision}`}>
              rev {draft.revision}
            </span>
          </span>
        ) : (
          <span className="muted">No draft</span>
        )}
      </td>
      <td>
        {publishedVersion ? (
          <span className="published-version">v{publishedVersion.number}</span>
        ) : (
          <span className="muted">Not published</span>
        )}
      </td>
      <td className="template-cell-updated">
        {updatedAt ? (
          <time dateTime={updatedAt} title={formatAbsoluteTime(updatedAt)}>
            {formatRelativeTime(updatedAt)}
          </time>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}
