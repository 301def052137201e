import { useEffect, useRef } from 'react';

/**
 * A <dialog> opened as a modal while the component is mounted (focus moves in, the page behind is inert,
 * Esc fires `cancel`) and closed when it unmounts. Attach the returned ref to the dialog.
 */
export function useModalDialog() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal?.();
    return () => dialog?.close?.();
  }, []);
  return dialogRef;
}
