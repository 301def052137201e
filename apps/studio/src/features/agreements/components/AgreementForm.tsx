import { FULL_SHARE_BPS, type TermsProblem } from '@atelier/revenue-share';
import { useId, useState, type FormEvent } from 'react';
import { SetRevenueAgreementDocument } from '../../../gql/graphql';
import { translateReason } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { useAdminMutation } from '../../admin/hooks/useAdminMutation';
import { toAgreementFormErrors, type AgreementFormErrors } from '../agreement-form-errors';
import type { RevenueAgreementRow } from '../graphql/agreements.graphql';
import { defaultEffectiveFromInput, formatBpsForInput, parseAmountToMinor, parsePercentToBps, previewSaleSplit } from '../revenue-terms';

interface CoAuthorRow {
  key: number;
  designerId: string;
  shareText: string;
}

export interface AgreementFormProps {
  templateId: string;
  /** The form starts from these terms. */
  inForce: RevenueAgreementRow | null;
  designers: ReadonlyArray<{ id: string; displayName: string }>;
  nameOf: (designerId: string) => string;
}

const NO_ERRORS: AgreementFormErrors = { fieldErrors: {}, rowErrors: {}, formError: null };
const SAMPLE_SALE = '9.90';

/** Admins: new share, co-authors and a start time, with a sample sale split live before saving. */
export function AgreementForm({ templateId, inForce, designers, nameOf }: AgreementFormProps) {
  const { t, formatMoney, formatNumber, formatDate } = useI18n();
  const ids = { share: useId(), from: useId(), sale: useId(), row: useId() };
  const [shareText, setShareText] = useState(() => formatBpsForInput(inForce?.designerShareBps ?? 3000));
  const [rows, setRows] = useState<CoAuthorRow[]>(() => (inForce?.coAuthors ?? []).map((a, key) => ({ key, designerId: a.designerId, shareText: formatBpsForInput(a.shareBps) })));
  const [effectiveFrom, setEffectiveFrom] = useState(() => defaultEffectiveFromInput(new Date()));
  const [saleText, setSaleText] = useState(SAMPLE_SALE);
  const [errors, setErrors] = useState<AgreementFormErrors>(NO_ERRORS);
  const [savedFrom, setSavedFrom] = useState<string | null>(null);
  const save = useAdminMutation(SetRevenueAgreementDocument, ['RevenueAgreements']);

  // Unreadable numbers become NaN so that the ledger's own validation names them.
  const terms = {
    designerShareBps: parsePercentToBps(shareText) ?? Number.NaN,
    coAuthors: rows.map((row) => ({ designerId: row.designerId, shareBps: parsePercentToBps(row.shareText) ?? Number.NaN })),
  };
  const saleMinor = parseAmountToMinor(saleText);
  const preview = previewSaleSplit(saleMinor ?? 0, terms);
  const percent = (bps: number) => formatNumber(bps / FULL_SHARE_BPS, { style: 'percent', maximumFractionDigits: 2 });
  const describeProblem = (problem: TermsProblem) => {
    const row = /^coAuthors\.(\d+)\.(designerId|shareBps)$/.exec(problem.path);
    if (row) return t(row[2] === 'designerId' ? 'agreements.problem.designer' : 'agreements.problem.share', { index: Number(row[1]) + 1 });
    if (problem.path === 'coAuthors' && rows.length > 0) return t('agreements.problem.sum', { percent: percent(terms.coAuthors.reduce((sum, a) => sum + a.shareBps, 0)) });
    if (problem.path === 'designerShareBps') return t('agreements.problem.designerShare');
    // The ledger's own sentence for anything else (no co-author at all), as the API would say it.
    return translateReason(`revenueTerms.${problem.code}`, problem.params, t) ?? problem.message;
  };

  const edit = (change: () => void) => {
    change();
    setErrors(NO_ERRORS);
    setSavedFrom(null);
  };
  const updateRow = (key: number, patch: Partial<CoAuthorRow>) => edit(() => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row))));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const from = new Date(effectiveFrom);
    if (Number.isNaN(from.getTime())) {
      setErrors({ ...NO_ERRORS, fieldErrors: { effectiveFrom: t('agreements.form.badDate') } });
      return;
    }
    try {
      const saved = await save.run({ input: { templateId, designerShareBps: terms.designerShareBps, coAuthors: terms.coAuthors, effectiveFrom: from.toISOString() } });
      setErrors(NO_ERRORS);
      setSavedFrom(saved.setRevenueAgreement.effectiveFrom ?? from.toISOString());
    } catch (error) {
      setErrors(toAgreementFormErrors(error, t));
    }
  };

  // A designer already named in the terms stays pickable even if the list does not hold them.
  const options = [...designers.map((d) => ({ id: d.id, name: d.displayName }))];
  for (const row of rows) if (row.designerId && !options.some((o) => o.id === row.designerId)) options.push({ id: row.designerId, name: nameOf(row.designerId) });

  return (
    <form className="agreements-form" onSubmit={(event) => void onSubmit(event)} data-testid="agreements-form" noValidate>
      <h3 className="agreements-subtitle">{t('agreements.form.title')}</h3>
      <p className="muted">{t('agreements.form.text')}</p>
      {errors.formError && (
        <div className="banner banner-error" role="alert" data-testid="agreements-form-error">
          {errors.formError}
        </div>
      )}
      {savedFrom && (
        <div className="banner banner-success" role="status" data-testid="agreements-saved">
          {t('agreements.form.saved', { date: formatDate(savedFrom, { dateStyle: 'medium', timeStyle: 'short' }) })}
        </div>
      )}
      <div className="agreements-form-grid">
        <div className="agreements-fields">
          <div className="field">
            <label className="field-label" htmlFor={ids.share}>
              {t('agreements.form.designerShare')}
            </label>
            <input id={ids.share} className="input" inputMode="decimal" value={shareText} onChange={(e) => edit(() => setShareText(e.target.value))} data-testid="agreements-designer-share" aria-invalid={Boolean(errors.fieldErrors.designerShareBps)} />
            {errors.fieldErrors.designerShareBps && <p className="field-error">{errors.fieldErrors.designerShareBps}</p>}
          </div>

          <fieldset className="agreements-coauthors" data-testid="agreements-coauthors">
            <legend className="field-label">{t('agreements.coAuthors')}</legend>
            {rows.map((row, index) => (
              <div key={row.key} className="agreements-coauthor" data-testid="agreements-coauthor-row">
                <label className="agreements-coauthor-field">
                  <span className="field-hint">{t('agreements.form.coAuthor', { index: index + 1 })}</span>
                  <select className="input input-select" value={row.designerId} onChange={(e) => updateRow(row.key, { designerId: e.target.value })} data-testid="agreements-coauthor-designer">
                    <option value="">{t('agreements.form.pickDesigner')}</option>
                    {options.map((option) => (
                      <option key={option.id} value={option.id}>
                        {option.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="agreements-coauthor-share">
                  <span className="field-hint">{t('agreements.form.coAuthorShare', { index: index + 1 })}</span>
                  <input className="input" inputMode="decimal" value={row.shareText} onChange={(e) => updateRow(row.key, { shareText: e.target.value })} data-testid="agreements-coauthor-share" />
                </label>
                <button type="button" className="button button-small button-ghost" onClick={() => edit(() => setRows((current) => current.filter((r) => r.key !== row.key)))} data-testid="agreements-coauthor-remove">
                  {t('agreements.form.removeCoAuthor')}
                </button>
                {errors.rowErrors[index] && (
                  <p className="field-error agreements-row-error" data-testid="agreements-coauthor-error">
                    {errors.rowErrors[index]}
                  </p>
                )}
              </div>
            ))}
            <button type="button" className="button button-small" onClick={() => edit(() => setRows((current) => [...current, { key: Math.max(-1, ...current.map((r) => r.key)) + 1, designerId: '', shareText: '' }]))} data-testid="agreements-coauthor-add">
              {t('agreements.form.addCoAuthor')}
            </button>
            {errors.fieldErrors.coAuthors && <p className="field-error">{errors.fieldErrors.coAuthors}</p>}
          </fieldset>

          <div className="field">
            <label className="field-label" htmlFor={ids.from}>
              {t('agreements.form.effectiveFrom')}
            </label>
            <input id={ids.from} className="input" type="datetime-local" value={effectiveFrom} onChange={(e) => edit(() => setEffectiveFrom(e.target.value))} data-testid="agreements-effective-from" aria-invalid={Boolean(errors.fieldErrors.effectiveFrom)} />
            <p className={errors.fieldErrors.effectiveFrom ? 'field-error' : 'field-hint'} data-testid="agreements-effective-from-note">
              {errors.fieldErrors.effectiveFrom ?? t('agreements.form.effectiveFromHint')}
            </p>
          </div>
        </div>

        <div className="agreements-preview" data-testid="agreements-preview" aria-live="polite">
          <h4 className="agreements-subtitle">{t('agreements.preview.title')}</h4>
          <div className="field">
            <label className="field-label" htmlFor={ids.sale}>
              {t('agreements.preview.amount')}
            </label>
            <input id={ids.sale} className="input" inputMode="decimal" value={saleText} onChange={(e) => setSaleText(e.target.value)} data-testid="agreements-sale" />
            {saleMinor === null && <p className="field-error">{t('agreements.preview.badAmount')}</p>}
          </div>
          {saleMinor !== null && preview.kind === 'split' && (
            <table className="agreements-split" data-testid="agreements-split">
              <tbody>
                <tr data-testid="agreements-split-platform" data-minor={preview.split.platform}>
                  <th scope="row">{t('agreements.preview.platform')}</th>
                  <td className="muted">{percent(FULL_SHARE_BPS - terms.designerShareBps)}</td>
                  <td className="agreements-amount">{formatMoney(preview.split.platform, 'CNY')}</td>
                </tr>
                {preview.split.designers.map((part, index) => (
                  <tr key={part.designerId} data-testid="agreements-split-designer" data-designer-id={part.designerId} data-minor={part.amount}>
                    <th scope="row">{nameOf(part.designerId)}</th>
                    <td className="muted">{percent((terms.designerShareBps * terms.coAuthors[index]!.shareBps) / FULL_SHARE_BPS)}</td>
                    <td className="agreements-amount">{formatMoney(part.amount, 'CNY')}</td>
                  </tr>
                ))}
                <tr className="agreements-split-total">
                  <th scope="row">{t('agreements.preview.total')}</th>
                  <td />
                  <td className="agreements-amount">{formatMoney(saleMinor, 'CNY')}</td>
                </tr>
              </tbody>
            </table>
          )}
          {preview.kind === 'invalid' && (
            <div className="agreements-problems" data-testid="agreements-problems">
              <p>{t('agreements.preview.invalid')}</p>
              <ul>
                {preview.problems.map((problem) => (
                  <li key={`${problem.path}:${problem.message}`}>{describeProblem(problem)}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </div>
      <div className="agreements-actions">
        <button type="submit" className="button button-primary" disabled={save.isRunning || preview.kind === 'invalid'} data-testid="agreements-save">
          {t('agreements.form.save')}
        </button>
      </div>
    </form>
  );
}
