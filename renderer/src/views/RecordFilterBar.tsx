/**
 * The filter bar of the Flows and DNS views: free text, protocol, an exact destination or name,
 * "with leaks", the brushed time range, and how many rows are shown. The two views filter
 * different records, so what each field means comes in as words; test ids are `PREFIX-filter`,
 * `PREFIX-protocol`, `PREFIX-host`, `PREFIX-has-leak` and `PREFIX-count`.
 */
import { useId } from 'react';
import { FilterInput } from '../components/FilterInput';
import type { FlowExtraFilter } from '../store/view-filters';
import { SelectFilter } from './SelectFilter';
import { TimeRangeChip } from './TimeRangeChip';
import { ToggleFilter } from './ToggleFilter';

export interface RecordFilterBarProps {
  testIdPrefix: string;
  text: string;
  onText: (text: string) => void;
  filter: FlowExtraFilter;
  onFilter: (patch: Partial<FlowExtraFilter>) => void;
  protocols: readonly string[];
  labels: { text: string; anyProtocol: string; host: string; hostPlaceholder: string };
  /** Values offered while typing in the host field. */
  hostSuggestions?: readonly string[];
  count: string;
}

export function RecordFilterBar(p: RecordFilterBarProps) {
  const listId = useId();
  const suggest = p.hostSuggestions !== undefined && p.hostSuggestions.length > 0;
  return (
    <div className="toolbar view-toolbar">
      <FilterInput
        value={p.text}
        onChange={p.onText}
        placeholder={p.labels.text}
        testId={`${p.testIdPrefix}-filter`}
      />
      <SelectFilter
        value={p.filter.protocol}
        onChange={(protocol) => p.onFilter({ protocol })}
        options={p.protocols}
        anyLabel={p.labels.anyProtocol}
        label="Protocol"
        testId={`${p.testIdPrefix}-protocol`}
      />
      <FilterInput
        value={p.filter.host}
        onChange={(host) => p.onFilter({ host })}
        placeholder={p.labels.hostPlaceholder}
        label={p.labels.host}
        testId={`${p.testIdPrefix}-host`}
        list={suggest ? listId : undefined}
        className="host-filter"
      />
      {suggest && (
        <datalist id={listId}>
          {p.hostSuggestions!.map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
      )}
      <ToggleFilter
        checked={p.filter.leaksOnly}
        onChange={(leaksOnly) => p.onFilter({ leaksOnly })}
        label="With leaks"
        testId={`${p.testIdPrefix}-has-leak`}
      />
      <TimeRangeChip />
      <span className="toolbar-title" data-testid={`${p.testIdPrefix}-count`}>
        {p.count}
      </span>
    </div>
  );
}
