import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { apiMessage } from '@atelier/messages';
import { AppError, badInputIssues, forbidden, inputIssue, notFound, requireUuid, unauthenticated } from './app-error.js';
import { formatGraphQLError } from './format-graphql-error.js';

describe('error helpers', () => {
  it('names what was not found with its own reason, and keeps the English', () => {
    const error = notFound('Template version', 'abc');
    expect(error.userMessage).toBe('Template version not found.');
    expect(error.details).toEqual({ id: 'abc', reason: 'common.notFound.templateVersion', params: {} });
    expect(() => requireUuid('not-a-uuid', 'Statement')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', details: expect.objectContaining({ reason: 'common.notFound.statement' }) }) as never);
  });

  it('words FORBIDDEN and UNAUTHENTICATED by reason, with a default of each', () => {
    expect(forbidden()).toMatchObject({ code: 'FORBIDDEN', userMessage: 'You do not have access to this.', details: { reason: 'common.forbidden' } });
    expect(forbidden('access.apiKeyScope', { scope: 'usage:write' })).toMatchObject({ userMessage: 'This API key lacks the usage:write scope.', details: { reason: 'access.apiKeyScope', params: { scope: 'usage:write' } } });
    expect(unauthenticated()).toMatchObject({ code: 'UNAUTHENTICATED', userMessage: 'Please sign in.', details: { reason: 'common.unauthenticated' } });
  });

  it('says BAD_USER_INPUT by its first issue and counts the rest, or by a reason of its own when there is none', () => {
    const error = badInputIssues([inputIssue('first', 'common.pageSize', { max: 100 }), inputIssue('after', 'common.invalidCursor')]);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', userMessage: '"first" must be between 1 and 100. (and 1 more)', details: { reason: 'common.pageSize', params: { max: 100 } } });
    expect(badInputIssues([])).toMatchObject({ userMessage: 'The request is not valid.', details: { reason: 'common.invalidRequest', issues: [] } });
  });

  it('still takes a plain sentence (without a reason) from code not converted yet', () => {
    const error = forbidden('Only reviewers do this.');
    expect(error.userMessage).toBe('Only reviewers do this.');
    expect(error.details).toEqual({});
  });
});

describe('formatGraphQLError', () => {
  const format = (error: unknown, message = 'x') => formatGraphQLError({ message }, error);

  it('passes an AppError reason and params on in the extensions', () => {
    const formatted = format(new GraphQLError('x', { originalError: forbidden('access.apiKeyScope', { scope: 'catalog:read' }) }));
    expect(formatted).toMatchObject({ message: 'This API key lacks the catalog:read scope.', extensions: { code: 'FORBIDDEN', reason: 'access.apiKeyScope', params: { scope: 'catalog:read' } } });
  });

  it('words its own fixed sentences by reason: duplicates, NUL characters, depth and unknown failures', () => {
    const pg = (code: string) => Object.assign(new Error('db'), { driverError: { code } });
    expect(format(pg('23505'))).toMatchObject({ message: apiMessage('common.duplicateName'), extensions: { code: 'BAD_USER_INPUT', reason: 'common.duplicateName', issues: [] } });
    expect(format(pg('22021'))).toMatchObject({ message: apiMessage('common.nulCharacter'), extensions: { code: 'BAD_USER_INPUT', reason: 'common.nulCharacter' } });
    const deep = format(new GraphQLError("'Deep' exceeds maximum operation depth of 3"), "'Deep' exceeds maximum operation depth of 3");
    expect(deep).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', reason: 'common.queryTooDeep', params: { maxDepth: 3 } } });
    expect(deep.message).toMatch(/^This query is nested too deeply\. At most 3 levels/);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const internal = format(new Error('connection reset'));
    logged.mockRestore();
    const reference = internal.extensions!['reference'] as string;
    expect(internal).toMatchObject({ message: apiMessage('common.internal', { reference }), extensions: { code: 'INTERNAL', reason: 'common.internal', params: { reference } } });
    expect(internal.message).not.toContain('connection reset');
  });

  it('leaves an error of our own without a reason as it was', () => {
    expect(format(new AppError('NOT_FOUND', 'Gone.'))).toEqual({ message: 'Gone.', extensions: { code: 'NOT_FOUND' } });
  });
});
