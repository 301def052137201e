import type { ApiMessageKey } from '@atelier/messages';
import { apiCatalogue } from './api-messages';

// The API's sentences in Simplified Chinese, by reason (libs/messages holds the English and the
// set of reasons; a missing or extra reason here is a type error). Same `{name}` placeholders.
const zhCNApiMessages: Record<ApiMessageKey, string> = {
  'template.titleLength': '标题须为 {min} 到 {max} 个字符。',
  'template.descriptionLength': '描述最多 {max} 个字符。',
  'template.tooManyTags': '最多 {max} 个标签。',
  'template.tagInvalid': '标签“{tag}”最多 {max} 个字符，只能包含字母、数字、空格、- 或 _。',
  'template.categoryUnknown': '没有“{category}”这个分类。请从列表中选择（管理员在“分类”中维护）。',
};

export const apiMessagesZhCN = apiCatalogue(zhCNApiMessages);
