import { useId } from 'react';
import { RANGE_PRESETS, rangeProblem, toLocalDate, type RangePreset, type RangeSelection } from './range';

/** 24 h / 7 d / 30 d / custom dates, as toggle buttons plus two date fields for custom. */
export function RangePicker({
  value,
  onChange,
}: {
  value: RangeSelection;
  onChange: (next: RangeSelection) => void;
}) {
  const fromId = useId();
  const toId = useId();
  const problem = rangeProblem(value);
  const choose = (preset: RangePreset) => {
    if (preset !== 'custom') {
      onChange({ preset });
      return;
    }
    const today = Date.now();
    onChange({
      preset,
      fromDate: value.fromDate ?? toLocalDate(today - 6 * 86_400_000),
      toDate: value.toDate ?? toLocalDate(today),
    });
  };
  return (
    <div className="range-picker">
      <div className="segmented" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            aria-pressed={value.preset === preset.id}
            onClick={() => choose(preset.id)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      {value.preset === 'custom' && (
        <div className="custom-range">
          <label htmlFor={fromId}>Start date</label>
          <input
            id={fromId}
            type="date"
            value={value.fromDate ?? ''}
            max={value.toDate}
            aria-invalid={problem !== null && /start/.test(problem)}
            onChange={(event) => onChange({ ...value, fromDate: event.target.value })}
          />
          <label htmlFor={toId}>End date</label>
          <input
            id={toId}
            type="date"
            value={value.toDate ?? ''}
            min={value.fromDate}
            aria-invalid={problem !== null && !/start/.test(problem)}
            onChange={(event) => onChange({ ...value, toDate: event.target.value })}
          />
          {problem && (
            <span className="field-error" role="alert">
              {problem}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
