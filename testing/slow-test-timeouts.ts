// Tests that boot the API (a database clone, Nest, sometimes Chromium) get more time than Jest's 5 s.
import { jest } from '@jest/globals';

jest.setTimeout(60_000);
