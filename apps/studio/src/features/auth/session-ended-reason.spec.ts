import { describe, expect, it } from '@jest/globals';
import { createTranslator } from '../../i18n/translator';
import { describeSessionEndedReason } from './session-ended-reason';

describe('describeSessionEndedReason', () => {
  const en = createTranslator('en').t;
  const zh = createTranslator('zh-CN').t;

  it("shows the API's own words in English and a translation of the ones it knows in Chinese", () => {
    const ended = 'This session was ended (signed out everywhere, or the password was changed). Please sign in again.';
    expect(describeSessionEndedReason(ended, en)).toBe(ended);
    expect(describeSessionEndedReason(ended, zh)).toBe('此登录已结束（你在所有设备上退出了登录，或修改了密码）。请重新登录。');
    expect(describeSessionEndedReason('Your account is not active. Please sign in again.', zh)).toBe('你的账号当前不可用。请重新登录；如仍无法登录，请联系管理员。');
  });

  it('passes a reason it does not know through as the API sent it', () => {
    expect(describeSessionEndedReason('Signed out for maintenance.', zh)).toBe('Signed out for maintenance.');
  });
});
