import { useEffect } from 'react';
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

/**
 * The stores a group-wide user (marketing, analyst, admin) may pick from. With `allLabel` the empty choice means
 * every store; without it the first store is chosen as soon as the list arrives, for screens that work on one.
 */
export function DealershipSelect({ value, onChange, allLabel }: { value: string; onChange: (id: string) => void; allLabel?: string }) {
  const { t } = useI18n();
  const [dealers] = useQuery({ query: Dealerships });
  const list = dealers.data?.dealerships ?? [];
  const first = list[0]?.id;
  useEffect(() => {
    if (allLabel === undefined && value === '' && first) onChange(first);
  }, [allLabel, value, first, onChange]);
  return (
    <label className="field">
      <span>{t('common.dealership')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} name="dealership">
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {list.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
            {d.city ? ` · ${d.city}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
