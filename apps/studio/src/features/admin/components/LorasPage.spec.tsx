import { describe, expect, it } from '@jest/globals';
import { allByTestId, byTestId, render, stubGraphQL, waitFor } from '../../../test/dom-test-utils';
import { LorasPage } from './LorasPage';

describe('LorasPage', () => {
  it('lists LoRAs with base model, weight range, trigger words and status', async () => {
    stubGraphQL({
      AdminLoras: () => ({
        body: { data: { loras: [{ id: 'l-1', name: 'Golden Film', baseModel: 'SDXL', minWeight: 0.2, defaultWeight: 0.7, maxWeight: 1, triggerWords: ['goldfilm', 'warm'], status: 'READY', createdAt: '2026-11-01T00:00:00Z' }] } },
      }),
    });
    const container = render(<LorasPage />);
    await waitFor(() => expect(allByTestId(container, 'lora-row')).toHaveLength(1));
    expect(byTestId(container, 'lora-weights').textContent).toBe('0.2 – 1.0 (default 0.7)');
    expect([...container.querySelectorAll('.tag')].map((t) => t.textContent)).toEqual(['goldfilm', 'warm']);
    expect(container.querySelector('tbody')!.textContent).toContain('SDXL');
    expect(container.querySelector('tbody')!.textContent).toContain('Ready');
  });
});
