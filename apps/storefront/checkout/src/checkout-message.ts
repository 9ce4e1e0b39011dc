import type { Problem, StockShortage } from '@storefleet/contracts';

export interface CheckoutMessage {
  title: string;
  text: string;
  /** Out-of-stock lines: what was asked and what is left. */
  shortages: StockShortage[];
}

/**
 * What to tell the shopper when a checkout fails, from the API's problem (its `code` extension says
 * which failure: checkoutProblem in services/orders). The cart is never emptied by a failed checkout,
 * so every message can say it is unchanged.
 */
export function checkoutMessage(problem: Problem): CheckoutMessage {
  const code = (problem as Problem & { code?: string }).code;
  const shortages = ((problem as Problem & { shortages?: StockShortage[] }).shortages ?? []).filter((s) => typeof s?.sku === 'string');
  switch (code) {
    case 'payment_declined':
      return { title: 'Your card was declined', text: 'Nothing was charged and your cart is unchanged. Try another card.', shortages };
    case 'payment_failed':
      return { title: 'The payment could not be processed', text: 'The card processor failed. Nothing was charged and your cart is unchanged; please try again in a moment.', shortages };
    case 'out_of_stock':
      return { title: 'Some items are no longer in stock', text: 'Lower the quantities below or remove these lines, then check out again. Nothing was charged.', shortages };
    default:
      if (problem.status === 409 && /price|total/i.test(problem.detail ?? ''))
        return { title: 'Prices have changed', text: `${problem.detail} Review your cart and check out again.`, shortages };
      return { title: 'The order could not be placed', text: problem.detail ?? problem.title, shortages };
  }
}
