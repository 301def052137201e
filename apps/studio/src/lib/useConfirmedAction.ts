import { useState } from 'react';
import { describeError } from '../i18n/describe-error';
import { useI18n } from '../i18n/useI18n';

/**
 * An action a confirm dialog guards (revoke a row, retire a face, sign out everywhere): `ask(row)` (or
 * `ask()` for an action on no row) opens the dialog, `confirm()` performs it and closes the dialog, or
 * keeps it open with the error a person can read.
 */
export function useConfirmedAction<Item = void>(perform: (item: Item) => Promise<void>) {
  const { t } = useI18n();
  const [target, setTarget] = useState<Item | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isRunning, setIsRunning] = useState(false);

  const ask = (item: Item) => {
    setError(null);
    setTarget(item);
  };
  const cancel = () => setTarget(null);
  const confirm = async () => {
    if (target === null) return;
    setError(null);
    setIsRunning(true);
    try {
      await perform(target);
      setTarget(null);
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setIsRunning(false);
    }
  };
  return { target, isAsking: target !== null, error, isRunning, ask, cancel, confirm };
}
