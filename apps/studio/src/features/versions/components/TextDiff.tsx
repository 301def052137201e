import { useMemo } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { diffWords, hasTextChanges } from '../text-diff';
import '../versions.css';

/** One prompt of both versions as a word-level diff: deletions struck through in red, insertions in green. */
export function TextDiff({ label, before, after, testId }: { label: string; before: string; after: string; testId: string }) {
  const { t } = useI18n();
  const segments = useMemo(() => diffWords(before, after), [before, after]);
  const isChanged = hasTextChanges(segments);
  return (
    <div className="history-prompt" data-testid={testId} data-changed={isChanged}>
      <div className="history-prompt-label">
        <span>{label}</span>
        {!isChanged && <span className="muted">{t('versions.prompt.unchanged')}</span>}
      </div>
      <p className="history-text-diff">
        {segments.map((segment, index) =>
          segment.op === 'insert' ? (
            <ins key={index} className="diff-insert" data-testid="diff-insert">
              {segment.text}
            </ins>
          ) : segment.op === 'delete' ? (
            <del key={index} className="diff-delete" data-testid="diff-delete">
              {segment.text}
            </del>
          ) : (
            <span key={index}>{segment.text}</span>
          ),
        )}
      </p>
    </div>
  );
}
