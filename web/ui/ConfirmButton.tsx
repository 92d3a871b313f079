import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A button whose action is asked about first, in the page (not window.confirm, which a projector
 * audience cannot read and a test cannot see): the first press shows the question with
 * "Yes" and "Cancel"; only "Yes" acts.
 */
export function ConfirmButton(props: {
  testId: string;
  label: ReactNode;
  question: ReactNode;
  onConfirm(): void;
  disabled?: boolean;
  /** For a toggle-like choice (the current mode): aria-pressed. */
  pressed?: boolean;
  title?: string;
  className?: string;
}) {
  const { t } = useTranslation('desk');
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button data-testid={props.testId} aria-pressed={props.pressed} disabled={props.disabled} title={props.title} className={props.className} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" data-testid={`${props.testId}-confirm`}>
      <span className="confirm-question">{props.question}</span>{' '}
      <button
        data-testid={`${props.testId}-yes`}
        className="danger"
        disabled={props.disabled}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {t('confirm.yes')}
      </button>{' '}
      <button data-testid={`${props.testId}-cancel`} onClick={() => setAsking(false)}>
        {t('confirm.cancel')}
      </button>
    </span>
  );
}
