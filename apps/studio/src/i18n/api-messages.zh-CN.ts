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

  // ---- common: not found, access, paging, limits, server failures ----------------------------
  'common.notFound.template': '未找到该模板。',
  'common.notFound.templateVersion': '未找到该模板版本。',
  'common.notFound.preview': '未找到该预览。',
  'common.notFound.previewBatch': '未找到该预览批次。',
  'common.notFound.previewJob': '未找到该预览任务。',
  'common.notFound.previewSubject': '未找到该预览人脸。',
  'common.notFound.user': '未找到该用户。',
  'common.notFound.designer': '未找到该设计师。',
  'common.notFound.lora': '未找到该 LoRA。',
  'common.notFound.loraFile': '未找到该 LoRA 文件。',
  'common.notFound.identityLora': '未找到该身份 LoRA。',
  'common.notFound.thumbnailImage': '未找到该缩略图。',
  'common.notFound.consentDocument': '未找到该授权文件。',
  'common.notFound.facePhoto': '未找到该人脸照片。',
  'common.notFound.asset': '未找到该文件。',
  'common.notFound.statement': '未找到该对账单。',
  'common.notFound.apiKey': '未找到该 API 密钥。',
  'common.notFound.workerToken': '未找到该 Worker 令牌。',
  'common.forbidden': '你无权访问此内容。',
  'common.unauthenticated': '请先登录。',
  'common.pageSize': '“first”必须在 1 到 {max} 之间。',
  'common.invalidCursor': '“after”游标无效；请使用上一页返回的 endCursor。',
  'common.queryTooDeep': '此查询嵌套过深：字段最多嵌套 {maxDepth} 层，请减少嵌套的数据。',
  'common.queryTooComplex': '此查询一次请求的内容过多（开销 {complexity}，上限 {maxComplexity}）。请减少每页条数或字段。',
  'common.tooManyMutations': '此请求包含 {mutations} 个变更操作，一次请求最多 {maxMutations} 个。请将其余操作放在后续请求中发送。',
  'common.duplicateName': '刚刚已有同名或同邮箱的内容被创建，请换一个。',
  'common.nulCharacter': '文本不能包含 NUL 字符（\\u0000）。请删除后重试。',
  'common.internal': '服务器出错了。请重试；如果问题持续出现，请提供参考编号 {reference}。',
  'access.apiKeyOrUserMissing': '此 API 需要 x-api-key 请求头，或已登录的工作室用户。',
  'access.apiKeyMissing': '此 API 需要 x-api-key 请求头。',
  'access.apiKeyScope': '此 API 密钥缺少 {scope} 权限范围。',
  'access.csrfMissing': '此请求带有工作室的会话 Cookie，却没有 {header} 请求头，可能来自其他网站。请重新加载工作室后重试。',
  'subscription.bearerMalformed': "请在 connectionParams 中以 { authorization: 'Bearer <token>' } 发送会话令牌。",
  'subscription.csrfMissing': "请在 connectionParams 中以 { '{header}': '<token>' } 发送工作室的 CSRF 令牌，并附带会话 Cookie。",
  'subscription.apiKeyMalformed': "请在 connectionParams 中以 { 'x-api-key': '<key>' } 发送 API 密钥。",
  'subscription.tooMany': '此连接已在运行 {maxSubscriptions} 个订阅，已达单个连接的上限。请先停止一个再开始新的。',
  'subscription.onlySubscriptions': 'WebSocket 只运行订阅；查询和变更请以 HTTP POST 发送到 /graphql。',

  // ---- API keys and worker tokens ------------------------------------------------------------
  'apiKey.nameLength': '请为 API 密钥命名（{min} 到 {max} 个字符）。',
  'apiKey.invalid': '该 API 密钥无效。',
  'apiKey.revoked': '该 API 密钥已被吊销。',
  'workerToken.nameLength': '请为 Worker 令牌命名（{min} 到 {max} 个字符）。',
  'workerToken.invalid': '该 Worker 令牌无效。',
  'workerToken.revoked': '该 Worker 令牌已被吊销。',
};

export const apiMessagesZhCN = apiCatalogue(zhCNApiMessages);
