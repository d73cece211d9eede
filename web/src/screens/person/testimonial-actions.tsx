import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorPanel } from '../../ui/status.js';

const SetTestimonialStatus = graphql(`
  mutation SetTestimonialStatus($id: ID!, $status: TestimonialStatus!) {
    setTestimonialStatus(id: $id, status: $status) {
      id
      status
    }
  }
`);

/**
 * A manager publishes a draft the author agreed to publish; anyone of the store withdraws one at the author's
 * request. Withdrawal is for good, so it asks twice.
 */
export function TestimonialActions({
  testimonial,
  canPublish,
}: {
  testimonial: { id: string; status: string; consentToPublish: boolean };
  canPublish: boolean;
}) {
  const { t } = useI18n();
  const [result, setStatus] = useMutation(SetTestimonialStatus);
  const [confirming, setConfirming] = useState(false);
  if (testimonial.status === 'WITHDRAWN') return null;
  return (
    <span className="testimonial-actions">
      {canPublish && testimonial.status === 'DRAFT' && testimonial.consentToPublish && (
        <button
          type="button"
          className="btn btn-small"
          disabled={result.fetching}
          onClick={() => void setStatus({ id: testimonial.id, status: 'PUBLISHED' })}
          data-testid="testimonial-publish"
        >
          {t('testimonial.publish')}
        </button>
      )}
      {confirming ? (
        <button
          type="button"
          className="btn btn-small btn-danger"
          disabled={result.fetching}
          onClick={() => void setStatus({ id: testimonial.id, status: 'WITHDRAWN' })}
          data-testid="testimonial-withdraw-confirm"
        >
          {t('testimonial.withdrawConfirm')}
        </button>
      ) : (
        <button type="button" className="btn btn-small btn-quiet" onClick={() => setConfirming(true)} data-testid="testimonial-withdraw">
          {t('testimonial.withdraw')}
        </button>
      )}
      {result.error && <ErrorPanel error={result.error} />}
    </span>
  );
}
