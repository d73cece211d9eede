import { useQuery } from 'urql';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';

const Dealerships = graphql(`
  query DealershipOptions {
    dealerships(limit: 100, sort: [{ name: ASC }]) {
      id
      name
      city
    }
  }
`);

export interface DealershipOption {
  id: string;
  name: string;
  city?: string | null;
}

/** The stores a group-wide user (marketing, analyst, admin) may pick from, by name; empty until they arrive. */
export function useDealerships(wanted = true): DealershipOption[] {
  const [dealers] = useQuery({ query: Dealerships, pause: !wanted });
  return dealers.data?.dealerships ?? [];
}

/** A store picker over `options`; with `allLabel` the empty choice means every store. */
export function DealershipSelect({
  options,
  value,
  onChange,
  allLabel,
}: {
  options: DealershipOption[];
  value: string;
  onChange: (id: string) => void;
  allLabel?: string;
}) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span>{t('common.dealership')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} name="dealership">
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {options.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
            {d.city ? ` · ${d.city}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
