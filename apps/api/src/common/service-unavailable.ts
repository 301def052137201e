import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { ApolloServerPlugin } from '@apollo/server';
import { apiMessage } from '@atelier/messages';
import type { Response } from 'express';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable.js';
import { isStorageUnavailable, STORAGE_RETRY_AFTER_SECONDS } from './storage-unavailable.js';

/** GraphQL answers whose errors come from an unreachable database go out as HTTP 503 with Retry-After (formatGraphQLError words them as SERVICE_UNAVAILABLE). */
export function serviceUnavailablePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let unavailable = false;
      return {
        async didEncounterErrors({ errors }) {
          unavailable ||= errors.some((e) => isDatabaseUnavailable(e.originalError) || isStorageUnavailable(e.originalError));
        },
        async willSendResponse({ response }) {
          if (!unavailable) return;
          // Nothing was answered, so nothing is sent as `data`: that is also what keeps @nestjs/apollo's
          // own plugin (which runs after this one) from resetting an execution error's status to 200.
          if (response.body.kind === 'single') delete response.body.singleResult.data;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}

/** REST routes (the worker API): the database being unreachable is 503 with Retry-After, not 500. */
@Catch()
export class ServiceUnavailableFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    // GraphQL errors are shaped by formatGraphQLError; hand them back to Apollo.
    if (host.getType<string>() === 'graphql') return exception;
    if (!(exception instanceof HttpException) && isStorageUnavailable(exception)) {
      const res = host.switchToHttp().getResponse<Response>();
      res.setHeader('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
      res.status(503).json({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', reason: 'common.storageUnavailable', message: apiMessage('common.storageUnavailable', { seconds: STORAGE_RETRY_AFTER_SECONDS }) });
      return undefined;
    }
    if (!(exception instanceof HttpException) && isDatabaseUnavailable(exception)) {
      const res = host.switchToHttp().getResponse<Response>();
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res.status(503).json({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', reason: 'common.serviceUnavailable', message: apiMessage('common.serviceUnavailable', { seconds: DATABASE_RETRY_AFTER_SECONDS }) });
      return undefined;
    }
    return super.catch(exception, host);
  }
}
