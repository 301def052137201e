import { describe, expect, it } from '@jest/globals';
import { contentSecurityPolicy } from './security-headers.js';

describe('contentSecurityPolicy', () => {
  it('lets the studio load only its own scripts, and images and uploads from storage', () => {
    const csp = contentSecurityPolicy(['https://cdn.example', 'https://cdn.example', 'http://minio:9000']);
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https://cdn.example', 'http://minio:9000']);
    expect(directives['connect-src']).toEqual(["'self'", 'https://cdn.example', 'http://minio:9000']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-eval');
  });
});
