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
  'template.categoryArchived': '分类“{name}”已归档：已在其中的模板保留它，但不能再选择它。',
  // ---- template categories -----------------------------------------------------------------
  'category.nameLength': '名称须为 {min} 到 {max} 个字符。',
  'category.nameZhLength': '中文名称最多 {max} 个字符。',
  'category.keyRequired': '请为分类填写标识（小写字母、数字和 -）：无法从这个名称生成。',
  'category.keyInvalid': '分类标识须为 1 到 40 个小写字母、数字或 -，并以字母或数字开头（收到“{key}”）。',
  'category.keyTaken': '已有标识为“{key}”的分类。',
  'category.positionRange': '顺序须在 {min} 到 {max} 之间。',
};

export const apiMessagesZhCN = apiCatalogue(zhCNApiMessages);
