import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import { stubGraphQL } from '../../../test/stub-graphql';
import { LorasPage } from './LorasPage';

describe('LorasPage', () => {
  it('lists LoRAs with base model, weight range, trigger words and status', async () => {
    stubGraphQL({
      AdminLoras: () => ({
        body: { data: { loras: [{ id: 'l-1', name: 'Golden Film', baseModel: 'SDXL', minWeight: 0.2, defaultWeight: 0.7, maxWeight: 1, triggerWords: ['goldfilm', 'warm'], status: 'READY', createdAt: '2026-11-01T00:00:00Z' }] } },
      }),
    });
    const { container } = render(<LorasPage />);
    await waitFor(() => expect(screen.getAllByTestId('lora-row')).toHaveLength(1));
    expect(screen.getByTestId('lora-weights').textContent).toBe('0.2 – 1.0 (default 0.7)');
    expect([...container.querySelectorAll('.tag')].map((t) => t.textContent)).toEqual(['goldfilm', 'warm']);
    const row = screen.getByTestId('lora-row');
    expect(within(row).getByRole('cell', { name: 'SDXL' })).toBeTruthy();
    expect(within(row).getByRole('cell', { name: 'Ready' })).toBeTruthy();
  });
});
