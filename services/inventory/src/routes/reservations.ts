import type { App } from '@storefleet/kit';
import { CreateReservationSchema, ReservationParamsSchema, ReservationSchema } from '@storefleet/contracts/internal';
import { reservationNotFound } from '../domain/reservation.js';
import type { ReservationsStore } from '../store/reservations-store.js';
import { AppError, createOutcomeCounter, problems } from '@storefleet/kit';

const tags = ['reservations (internal)'];

/** Service-to-service reservation API for orders; under /internal, which the gateway never routes. */
export function reservationRoutes(app: App, { reservations }: { reservations: ReservationsStore }): void {
  const reserved = createOutcomeCounter(app, {
    name: 'storefleet_stock_reservations_total',
    help: 'Orders\' stock reservations, by result: reserved, or out_of_stock (all or none: one short line refuses the order)',
    label: 'result',
    values: ['reserved', 'out_of_stock'],
  });
  const stockouts = createOutcomeCounter(app, {
    name: 'storefleet_stockouts_total',
    help: 'Order lines refused for want of stock (a customer wanted more than was available)',
    label: 'kind',
    values: ['line'],
  });
  app.post(
    '/internal/reservations',
    {
      schema: {
        tags,
        operationId: 'reserveStock',
        summary: "Hold stock for an order's lines: all or none; idempotent by order id",
        description:
          '201 for a new hold (or a released one held again), 200 when the order already has a held or committed reservation. ' +
          "409 {code: 'out_of_stock', shortages: [{sku, requested, available}]} when a line cannot be held.",
        body: CreateReservationSchema,
        response: { 200: ReservationSchema, 201: ReservationSchema, ...problems(400, 409) },
      },
    },
    async (request, reply) => {
      try {
        const { reservation, created } = await reservations.reserve(request.body);
        if (created) reserved('reserved');
        return reply.code(created ? 201 : 200).send(reservation);
      } catch (error) {
        const shortages = error instanceof AppError ? (error.extensions?.shortages as unknown[] | undefined) : undefined;
        if (shortages) {
          reserved('out_of_stock');
          stockouts('line', shortages.length);
        }
        throw error;
      }
    },
  );

  app.post(
    '/internal/reservations/:order_id/commit',
    {
      schema: {
        tags,
        operationId: 'commitReservation',
        summary: 'The held units leave stock as a sale; a committed one is answered as is',
        description: "409 {code: 'reservation_released'} when the hold was released or expired.",
        params: ReservationParamsSchema,
        response: { 200: ReservationSchema, ...problems(400, 404, 409) },
      },
    },
    async (request) => reservations.commit(request.params.order_id),
  );

  app.post(
    '/internal/reservations/:order_id/release',
    {
      schema: {
        tags,
        operationId: 'releaseReservation',
        summary: 'A hold goes back to available (released), a sale back on hand (restocked); else as is',
        params: ReservationParamsSchema,
        response: { 200: ReservationSchema, ...problems(400, 404) },
      },
    },
    async (request) => reservations.release(request.params.order_id),
  );

  app.get(
    '/internal/reservations/:order_id',
    {
      schema: {
        tags,
        operationId: 'getReservation',
        summary: "An order's reservation",
        params: ReservationParamsSchema,
        response: { 200: ReservationSchema, ...problems(400, 404) },
      },
    },
    async (request) => {
      const reservation = await reservations.get(request.params.order_id);
      if (!reservation) throw reservationNotFound(request.params.order_id);
      return reservation;
    },
  );
}
