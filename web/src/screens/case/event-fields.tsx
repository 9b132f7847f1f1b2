/** The inputs of each event's form, named as the API names its fields. */
import { RISK_LEVELS, type ApiProblem, type RiskLevel } from '../../api/client';
import type { Texts } from '../../texts/en';
import { useTexts } from '../../texts/language';
import type { EventKind } from './event-bodies';
import { CheckboxGroup, ChoiceField, TextField } from './form-fields';

export interface Hearing {
  id: string;
  at: string;
  kind: keyof Texts['casePage']['hearingKinds'];
  status: 'SCHEDULED' | 'HELD' | 'CANCELLED';
}

interface Props {
  kind: EventKind;
  problem?: ApiProblem | null;
  riskLevel: RiskLevel;
  /** The case's scheduled hearings, for moving, cancelling or marking one held. */
  hearings: Hearing[];
  formatTime(iso: string): string;
}

const choices = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

export function EventFields({ kind, problem, riskLevel, hearings, formatTime }: Props) {
  const texts = useTexts();
  const f = texts.casePage.form;
  const p = texts.casePage;
  const risks = RISK_LEVELS.map((r) => ({ value: r, label: texts.riskLevels[r] }));
  const when = <TextField name="at" label={f.at} type="datetime-local" problem={problem} />;
  switch (kind) {
    case 'assessment':
      return (
        <>
          <ChoiceField name="riskLevel" label={texts.fields.riskLevel} options={risks} defaultValue={riskLevel} problem={problem} />
          <TextField name="measures" label={f.measures} problem={problem} />
          <ChoiceField
            name="providerRisk"
            label={f.providerRisk}
            options={[{ value: '', label: f.providerRiskNone }, ...risks]}
            problem={problem}
          />
          <CheckboxGroup name="providerRiskFactors" label={f.factors} options={choices(p.providerRiskFactors)} problem={problem} />
          {when}
          <TextField name="notes" label={texts.fields.notes} multiline problem={problem} />
        </>
      );
    case 'hearing.scheduled':
      return (
        <>
          <TextField name="at" label={f.hearingAt} type="datetime-local" required problem={problem} />
          <ChoiceField name="kind" label={f.kind} options={choices(p.hearingKinds)} defaultValue="MAIN" problem={problem} />
          <TextField name="hearingId" label={f.hearingId} problem={problem} />
        </>
      );
    case 'hearing.moved':
    case 'hearing.cancelled':
    case 'hearing.held': {
      if (hearings.length === 0) return <p className="hint">{f.noHearing}</p>;
      const options = hearings.map((h) => ({ value: h.id, label: `${formatTime(h.at)}, ${p.hearingKinds[h.kind]} (${h.id})` }));
      return (
        <>
          <ChoiceField name="hearingId" label={f.hearing} options={options} problem={problem} />
          {kind === 'hearing.moved' && <TextField name="at" label={f.movedTo} type="datetime-local" required problem={problem} />}
        </>
      );
    }
    case 'perpetrator':
      return (
        <>
          <ChoiceField name="status" label={f.status} options={choices(p.perpetrator)} problem={problem} />
          <TextField name="releaseDate" label={f.releaseDate} type="datetime-local" problem={problem} />
          {when}
        </>
      );
    case 'incident':
      return (
        <>
          <ChoiceField name="incidentType" label={f.incidentType} options={choices(p.incidentTypes)} problem={problem} />
          <ChoiceField name="severity" label={f.severity} options={risks} defaultValue="MEDIUM" problem={problem} />
          {when}
          <TextField name="description" label={f.description} multiline problem={problem} />
        </>
      );
    case 'relocation':
      return (
        <>
          <ChoiceField name="kind" label={f.relocationKind} options={choices(p.relocationKinds)} problem={problem} />
          {when}
        </>
      );
    case 'stage':
      return <ChoiceField name="stage" label={f.stage} options={choices(p.stages).filter((o) => o.value !== 'CLOSED')} problem={problem} />;
    case 'close':
    case 'reopen':
      return when;
  }
}
