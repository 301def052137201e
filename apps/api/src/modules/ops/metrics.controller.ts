import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../../common/access.decorator.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { MetricsService } from './metrics.service.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Prometheus scrapes this. With METRICS_TOKEN set, only `Authorization: Bearer <token>` gets an answer.
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get('metrics')
  @Public()
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = this.config.metrics.token;
    if (token) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!sameSecret(given, token)) throw new UnauthorizedException('Metrics need the METRICS_TOKEN as a bearer token.');
    }
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
