import { describe, expect, it } from '@jest/globals';
import { GraphQLRequestError, toGraphQLRequestError } from '../lib/graphql-client';
import { describeError, describeIssue } from './describe-error';
import { createTranslator } from './translator';

describe('describeError', () => {
  const missing = toGraphQLRequestError({
    message: 'Hao, Lan cannot be previewed on this SD1.5 template: no SD1.5 identity LoRA. Pick other faces, or ask an admin to add one.',
    extensions: { code: 'IDENTITY_LORA_MISSING', reason: 'preview.identityLoraMissing', params: { names: 'Hao, Lan', baseModel: 'SD1.5' }, baseModel: 'sd15', subjectIds: ['s-1', 's-2'], subjectNames: ['Hao', 'Lan'] },
  });

  it('names the faces that have no identity LoRA for the base model, in either language', () => {
    expect(describeError(missing, createTranslator('en').t)).toBe('Hao, Lan cannot be previewed on this SD1.5 template: no SD1.5 identity LoRA. Pick other faces, or ask an admin to add one.');
    expect(describeError(missing, createTranslator('zh-CN').t)).toBe('Hao, Lan 没有 SD1.5 身份 LoRA，无法在这个 SD1.5 模板上预览。请选择其他预览人脸，或请管理员添加。');
  });

  it("keeps the API's message for a code it has no words of its own for", () => {
    expect(describeError(new GraphQLRequestError('FORBIDDEN', 'Not your template'), createTranslator('zh-CN').t)).toBe('Not your template');
  });

  it('says an error with a known reason in the active language, with its parameters', () => {
    const error = toGraphQLRequestError({
      message: 'Title must be 1 to 120 characters.',
      extensions: { code: 'BAD_USER_INPUT', reason: 'template.titleLength', params: { min: 1, max: 120 }, issues: [{ path: 'title', message: 'Title must be 1 to 120 characters.', reason: 'template.titleLength', params: { min: 1, max: 120 } }] },
    });
    expect(error.details).toEqual({});
    expect(describeError(error, createTranslator('en').t)).toBe('Title must be 1 to 120 characters.');
    expect(describeError(error, createTranslator('zh-CN').t)).toBe('标题须为 1 到 120 个字符。');
    expect(describeIssue(error.issues[0]!, createTranslator('zh-CN').t)).toBe('标题须为 1 到 120 个字符。');
  });

  it("falls back to the API's English for a reason this studio does not know (a newer API)", () => {
    const error = toGraphQLRequestError({ message: 'Something new went wrong.', extensions: { code: 'BAD_USER_INPUT', reason: 'template.fromTheFuture', issues: [{ path: 'x', message: 'New issue.', reason: 'template.fromTheFuture' }] } });
    expect(describeError(error, createTranslator('zh-CN').t)).toBe('Something new went wrong.');
    expect(describeIssue(error.issues[0]!, createTranslator('zh-CN').t)).toBe('New issue.');
  });

  it('names the field of a spec issue in the active language, keypoints by their joint', () => {
    const issue = { message: 'Right elbow (keypoint 3) y must be between 0 and 1 (got 1.2).', reason: 'spec.between', params: { field: 'pose.keypoints.3.1', min: 0, max: 1, got: '1.2' } };
    expect(describeIssue(issue, createTranslator('en').t)).toBe(issue.message);
    expect(describeIssue(issue, createTranslator('zh-CN').t)).toBe('右肘（关键点 3）的 y 坐标必须在 0 到 1 之间（当前为 1.2）。');
    const unknownField = { ...issue, params: { ...issue.params, field: 'pose.wings' } };
    expect(describeIssue(unknownField, createTranslator('zh-CN').t)).toBe('pose.wings必须在 0 到 1 之间（当前为 1.2）。');
  });
});
