import { useMemo } from 'react';
import './stage.css';
import { useTranslation } from 'react-i18next';

/** The masthead's way to the stage: this same page (room, mode, settings) with `view=stage`. */
export function StageLink() {
  const { t } = useTranslation('stage');
  const href = useMemo(() => {
    const url = new URL(window.location.href);
    url.searchParams.set('view', 'stage');
    return url.pathname + url.search;
  }, []);
  return (
    <a href={href} className="stage-link-button" data-testid="stage-link">
      {t('stageLink')}
    </a>
  );
}
