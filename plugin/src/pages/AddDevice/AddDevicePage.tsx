import React, { useReducer, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { RadioButtonGroup, useStyles2 } from '@grafana/ui';
import { framedBox } from '../../styles/boxes';
import { ConnectedStep } from './ConnectedStep';
import { DetailsStep } from './DetailsStep';
import { FleetPath } from './FleetPath';
import { InstallStep } from './InstallStep';
import { StepIndicator } from './StepIndicator';
import { currentStep, initialWizardState, wizardReducer } from './wizard';

type Path = 'one' | 'fleet';

const PATHS: Array<{ label: string; value: Path }> = [
  { label: 'One machine', value: 'one' },
  { label: 'Many machines / Kubernetes', value: 'fleet' },
];

/**
 * Add a device: name and OS, the one-line install command, then live until it reports; or, for
 * many machines, a fleet token and how to use it.
 */
export default function AddDevicePage() {
  const styles = useStyles2(getStyles);
  const [path, setPath] = useState<Path>('one');
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState);

  return (
    <PluginPage subTitle="Connect a GPU machine to your account in a few minutes.">
      <div className={styles.page}>
        <div className={styles.paths}>
          <RadioButtonGroup
            aria-label="How many machines"
            options={PATHS}
            value={path}
            onChange={setPath}
          />
        </div>
        {path === 'fleet' ? (
          <div className={styles.card}>
            <FleetPath />
          </div>
        ) : (
          <>
            <StepIndicator current={currentStep(state)} />
            <div className={styles.card}>
              {state.step === 'details' && (
                <DetailsStep onCreated={(created) => dispatch({ type: 'created', ...created })} />
              )}
              {state.step === 'install' && <InstallStep state={state} onEvent={dispatch} />}
              {state.step === 'connected' && (
                <ConnectedStep
                  device={state.device}
                  onAddAnother={() => dispatch({ type: 'reset' })}
                />
              )}
            </div>
          </>
        )}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 880 }),
  paths: css({ marginBottom: theme.spacing(2) }),
  card: css({
    ...framedBox(theme),
    padding: theme.spacing(3),
    h2: { fontSize: theme.typography.h3.fontSize },
  }),
});
