import { describe, expect, it } from '@jest/globals';
import { apiMessage } from '@atelier/messages';
import { createTranslator } from '../../i18n/translator';
import { describeSessionEndedReason } from './session-ended-reason';

describe('describeSessionEndedReason', () => {
  const en = createTranslator('en').t;
  const zh = createTranslator('zh-CN').t;

  it("says the API's reason in the active language", () => {
    const ended = { message: apiMessage('auth.sessionEnded'), reason: 'auth.sessionEnded', params: {} };
    expect(describeSessionEndedReason(ended, en)).toBe('This session was ended (signed out everywhere, or the password was changed). Please sign in again.');
    expect(describeSessionEndedReason(ended, zh)).toBe('此登录已结束（你在所有设备上退出了登录，或修改了密码）。请重新登录。');
    expect(describeSessionEndedReason({ message: apiMessage('auth.accountInactive'), reason: 'auth.accountInactive' }, zh)).toBe('你的账号当前不可用。请重新登录；如仍无法登录，请联系管理员。');
  });

  it('passes a reason it does not know, or none, through as the API sent it', () => {
    expect(describeSessionEndedReason({ message: 'Signed out for maintenance.' }, zh)).toBe('Signed out for maintenance.');
    expect(describeSessionEndedReason({ message: 'Signed out for a newer reason.', reason: 'auth.fromTheFuture' }, zh)).toBe('Signed out for a newer reason.');
  });
});
