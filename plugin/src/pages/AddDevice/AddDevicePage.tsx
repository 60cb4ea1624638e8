import React, { useReducer } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { framedBox } from '../../styles/boxes';
import { ConnectedStep } from './ConnectedStep';
import { DetailsStep } from './DetailsStep';
import { InstallStep } from './InstallStep';
import { StepIndicator } from './StepIndicator';
import { currentStep, initialWizardState, wizardReducer } from './wizard';

/** Add a device: name and OS, the one-line install command, then live until it reports. */
export default function AddDevicePage() {
  const styles = useStyles2(getStyles);
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState);

  return (
    <PluginPage subTitle="Connect a GPU machine to your account in a few minutes.">
      <div className={styles.page}>
        <StepIndicator current={currentStep(state)} />
        <div className={styles.card}>
          {state.step === 'details' && (
            <DetailsStep onCreated={(created) => dispatch({ type: 'created', ...created })} />
          )}
          {state.step === 'install' && <InstallStep state={state} onEvent={dispatch} />}
          {state.step === 'connected' && (
            <ConnectedStep device={state.device} onAddAnother={() => dispatch({ type: 'reset' })} />
          )}
        </div>
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 880 }),
  card: css({
    ...framedBox(theme),
    padding: theme.spacing(3),
    h2: { fontSize: theme.typography.h3.fontSize },
  }),
});
