import { describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import { makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { stubGraphQL } from '../../../test/stub-graphql';
import { SpecSummary } from './SpecSummary';

function renderSummary(spec: TemplateSpec, locale: 'en' | 'zh-CN' = 'en') {
  stubGraphQL({ EditorLoras: () => ({ body: { data: { loras: [] } } }) });
  render(
    <I18nProvider initialLocale={locale}>
      <SpecSummary spec={spec} />
    </I18nProvider>,
  );
  return screen.getByTestId('review-spec-face-pass').textContent;
}

describe('SpecSummary', () => {
  it('tells reviewers whether the face pass re-renders the face, and at what denoise', () => {
    expect(renderSummary(makeDefaultTemplateSpec())).toBe('on, denoise 0.35');
  });

  it('says off for a spec saved before the face pass, in Chinese too', () => {
    const spec = makeDefaultTemplateSpec();
    const { facePass: _facePass, ...subject } = spec.subject;
    expect(renderSummary({ ...spec, subject }, 'zh-CN')).toBe('关闭');
  });

  it('tells reviewers the likeness of a spec without an identity mode comes from the identity LoRA', () => {
    const spec = makeDefaultTemplateSpec('sdxl');
    renderSummary(spec);
    expect(screen.getByTestId('review-spec-identity').textContent).toBe('identity LoRA');
  });

  it('names InstantID in Chinese too', () => {
    const spec = makeDefaultTemplateSpec('sdxl');
    renderSummary({ ...spec, subject: { ...spec.subject, identity: { mode: 'instantid' } } }, 'zh-CN');
    expect(screen.getByTestId('review-spec-identity').textContent).toBe('InstantID');
    expect(screen.getByText('身份')).toBeTruthy();
  });
});
