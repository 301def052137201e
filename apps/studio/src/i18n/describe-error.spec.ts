import { describe, expect, it } from '@jest/globals';
import { GraphQLRequestError } from '../lib/graphql-client';
import { describeError } from './describe-error';
import { createTranslator } from './translator';

describe('describeError', () => {
  const missing = new GraphQLRequestError('IDENTITY_LORA_MISSING', 'Hao has no SD1.5 identity LoRA, so it cannot be previewed on this SD1.5 template.', [], { baseModel: 'sd15', subjectIds: ['s-1', 's-2'], subjectNames: ['Hao', 'Lan'] });

  it('names the faces that have no identity LoRA for the base model, in either language', () => {
    expect(describeError(missing, createTranslator('en').t)).toBe('Hao, Lan cannot be previewed on this SD1.5 template: no SD1.5 identity LoRA. Pick other faces, or ask an admin to add one.');
    expect(describeError(missing, createTranslator('zh-CN').t)).toBe('Hao, Lan 没有 SD1.5 身份 LoRA，无法在这个 SD1.5 模板上预览。请选择其他预览人脸，或请管理员添加。');
  });

  it("keeps the API's message for a code it has no words of its own for", () => {
    expect(describeError(new GraphQLRequestError('FORBIDDEN', 'Not your template'), createTranslator('zh-CN').t)).toBe('Not your template');
  });
});
