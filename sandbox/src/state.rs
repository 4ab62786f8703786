//! The sandbox's memory: orders by transaction id (the listing's order and eviction's: the
//! smallest id is the oldest), with indexes by order id and by payment session; bounded, oldest
//! evicted first. One mutex, held only for map operations and copies of the few orders an
//! answer shows (never across an `.await`, never while JSON is built); with a state file, each
//! change's line is appended to the journal ([`crate::journal`]) under that mutex and made
//! durable (`fsync`, shared with the changes made meanwhile) after it is released, before the
//! change is answered. Reads over HTTP wait likewise for the changes they show.
//!
//! Once an `fsync` of the state file failed, the journal is stopped for good (fail-stop, see
//! [`crate::journal`]): every change is refused with a 500 (error 1014, in the API's error
//! shape) and no notification is sent for it, and a read that would show a change not known
//! durable is answered with the same error. Restarting the sandbox reads what reached the disk.

use crate::config::Config;
use crate::errors::{ApiError, Code};
use crate::faults::{Endpoint, FaultTally, Injector};
use crate::journal::Journal;
use crate::notify::Notifier;
use crate::order::StoredOrder;
use crate::time::Clock;
use crate::token::Ids;
use msp_core::{OrderRequest, OrderStatus, PaymentOptions};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::ops::{Bound, Deref};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The most stored orders a listing page examines under one hold of the store's lock (a
/// filter that admits few orders walks on in stretches of this many, releasing the lock between
/// them), so that no listing holds the lock for long.
pub(crate) const PAGE_SCAN: usize = 10_000;

/// Everything a request handler needs.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) config: Config,
    /// `http://127.0.0.1:PORT`, the origin payment URLs point at.
    pub(crate) origin: String,
    pub(crate) notifier: Notifier,
    /// The fault plan (if any) and the request and fault counters.
    pub(crate) faults: Injector,
    pub(crate) ids: Ids,
    /// The sandbox's time (moved forward by the control API).
    pub(crate) clock: Arc<Clock>,
    /// The state file's journal, if any.
    journal: Option<Arc<Journal>>,
    /// Recurring tokens of paid orders.
    pub(crate) recurring: crate::recurring::Recurring,
    store: Mutex<Store>,
    /// Expiries that reads found due, each with its journal ticket: announced once durable
    /// ([`durable_reads`](AppState::durable_reads)), never if the journal fails.
    unannounced: Mutex<Vec<(u64, Settled)>>,
}

/// Why a status change did nothing.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SettleError {
    /// No such session or order (never created, or evicted).
    UnknownSession,
    /// The order's status does not allow the change (for the payment page: it is no longer
    /// `initialized`).
    AlreadySettled(OrderStatus),
    /// The change could not be made durable (the state file's journal failed): it was not
    /// acknowledged, and not announced.
    NotDurable(ApiError),
}

/// An order right after its status changed.
#[derive(Debug)]
pub(crate) struct Settled {
    /// The order's JSON after the change (the notification's body).
    pub(crate) order: Value,
    pub(crate) order_id: String,
    /// The status after the change.
    pub(crate) status: OrderStatus,
    /// Where the customer and the notification go.
    pub(crate) options: Option<PaymentOptions<'static>>,
}

/// A page of stored orders in transaction id order, and its cursors.
#[derive(Debug)]
pub(crate) struct Page<T> {
    /// What the caller copied of each order on the page, oldest first.
    pub(crate) items: Vec<T>,
    /// The `after` cursor: set when more orders the filter admits may follow.
    pub(crate) after: Option<u64>,
    /// The `before` cursor: set when orders the filter admits precede the page.
    pub(crate) before: Option<u64>,
}

impl AppState {
    pub(crate) fn new(
        config: Config,
        origin: String,
        notifier: Notifier,
        clock: Arc<Clock>,
        journal: Option<Journal>,
    ) -> Self {
        let store = Store::new(config.max_orders);
        AppState {
            faults: Injector::new(config.faults.clone()),
            config,
            origin,
            notifier,
            recurring: Default::default(),
            ids: Ids::new(),
            clock,
            journal: journal.map(Arc::new),
            store: Mutex::new(store),
            unannounced: Mutex::new(Vec::new()),
        }
    }

    /// The payment page's URL for a session, in the order's language (`en_US` unless the
    /// customer's locale is a valid one).
    pub(crate) fn payment_url(&self, session_id: &str, request: &OrderRequest) -> String {
        crate::order::payment_url(&self.origin, session_id, request)
    }

    /// `data` of `GET /orders/{order_id}` for a copy of an order, at `now`.
    pub(crate) fn order_data(&self, order: &StoredOrder, now: u64) -> Result<Value, ApiError> {
        Ok(order.to_json(&order.request()?, &self.origin, now))
    }

    /// The announcement of a copy of an order whose status changed to `status` at `now`.
    fn settled(&self, order: &StoredOrder, now: u64, status: OrderStatus) -> Settled {
        let (json, options) = match order.request() {
            Ok(request) => (
                order.to_json(&request, &self.origin, now),
                request.payment_options,
            ),
            Err(e) => {
                // Never expected (the sandbox wrote the request): the status still changes,
                // without a notification.
                eprintln!("msp-sandbox: order {}: {}", order.key(), e.info);
                (Value::Null, None)
            }
        };
        Settled {
            order: json,
            order_id: order.key(),
            status,
            options,
        }
    }

    /// Appends the order to the journal, if there is one (under the store's lock): the ticket
    /// to make durable with [`durable`](AppState::durable) before the change is answered (0
    /// without a journal). A failed write is reported (the change was made in memory, but would
    /// not survive a restart).
    fn persist(&self, order: &StoredOrder) -> Result<u64, ApiError> {
        match &self.journal {
            Some(journal) => journal.append_put(order).map_err(not_written),
            None => Ok(0),
        }
    }

    /// The error to answer every change with once the journal is stopped by a failed `fsync`
    /// (see the module's documentation).
    pub(crate) fn writable(&self) -> Result<(), ApiError> {
        match &self.journal {
            Some(journal) => journal.check().map_err(not_written),
            None => Ok(()),
        }
    }

    /// Undoes a change whose line could not be made durable: the order goes back to `kept` if
    /// it is still as the change left it (`after`). Otherwise a later change was made meanwhile,
    /// whose line could not be made durable either (the journal stopped): no answer shows the
    /// order any more, so it is left.
    fn undo(&self, kept: StoredOrder, after: &StoredOrder) {
        let mut store = self.store();
        if let Some(order) = store.get_mut(&kept.key()).filter(|o| same(o, after)) {
            *order = kept;
        }
    }

    /// The ticket that covers every change made so far (0 without a journal).
    fn written(&self) -> u64 {
        self.journal.as_ref().map_or(0, |journal| journal.written())
    }

    /// Waits, without holding a thread of the runtime, until the journal's line of `ticket` is
    /// durable (at once without a journal, or when an earlier `fsync` covered it).
    async fn durable(&self, ticket: u64) -> Result<(), ApiError> {
        let Some(journal) = self.journal.as_ref().filter(|j| !j.is_synced(ticket)) else {
            return Ok(());
        };
        let journal = Arc::clone(journal);
        match tokio::task::spawn_blocking(move || journal.sync_through(ticket)).await {
            Ok(result) => result.map_err(not_written),
            Err(e) => Err(not_written(std::io::Error::other(e))),
        }
    }

    /// [`durable`](AppState::durable), blocking, for the library's synchronous calls.
    fn durable_now(&self, ticket: u64) -> Result<(), ApiError> {
        match &self.journal {
            Some(journal) => journal.sync_through(ticket).map_err(not_written),
            None => Ok(()),
        }
    }

    /// Waits until every change made so far is durable, before an answer shows it (a read
    /// acknowledges what it shows); the error to answer instead if they cannot be made durable.
    pub(crate) async fn durable_reads(&self) -> Result<(), ApiError> {
        self.durable(self.written()).await?;
        self.announce_durable();
        Ok(())
    }

    /// [`durable_reads`](AppState::durable_reads), blocking, for the library's synchronous
    /// reads.
    pub(crate) fn durable_reads_now(&self) -> Result<(), ApiError> {
        self.durable_now(self.written())?;
        self.announce_durable();
        Ok(())
    }

    /// Announces an expiry a read found due (its journal line `ticket`): now if the line is
    /// durable, else once it is.
    fn announce_expiry(&self, ticket: u64, settled: Settled) {
        match &self.journal {
            Some(journal) if !journal.is_synced(ticket) => self
                .unannounced
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((ticket, settled)),
            _ => self.notifier.announce(&settled),
        }
    }

    /// Announces the expiries found by reads whose lines are durable now.
    fn announce_durable(&self) {
        let durable: Vec<Settled> = {
            let mut list = self
                .unannounced
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if list.is_empty() {
                return;
            }
            let synced = |ticket: u64| self.journal.as_ref().is_none_or(|j| j.is_synced(ticket));
            let (durable, waiting) = std::mem::take(&mut *list)
                .into_iter()
                .partition(|(ticket, _)| synced(*ticket));
            *list = waiting;
            durable.into_iter().map(|(_, settled)| settled).collect()
        };
        for settled in &durable {
            self.notifier.announce(settled);
        }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic elsewhere never leaves the maps half-updated (each update is one call), so a
        // poisoned lock is still consistent: keep serving.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores a new order, durably; 1006 if its id was used before (and is still remembered).
    pub(crate) async fn create(&self, request: &OrderRequest<'_>) -> Result<StoredOrder, ApiError> {
        self.writable()?;
        let mut order = StoredOrder::new(request, self.ids.session(), 0, self.clock.now())?;
        let ticket = {
            let mut store = self.store();
            // Taken under the lock, so that orders are stored in transaction id order and a
            // listing's `after` cursor never passes an order stored later.
            order.transaction_id = self.ids.transaction_id();
            order.session_id = session_for(order.transaction_id, &order.session_id);
            if !store.insert(order.clone()) {
                return Err(ApiError::detailed(
                    Code::InvalidOrderId,
                    format!("order_id `{}` was already used for this site", order.key()),
                ));
            }
            match self.persist(&order) {
                Ok(ticket) => ticket,
                Err(e) => {
                    // Not durable, so not acknowledged: forget it, so that a retry can store it.
                    store.remove(&order.key());
                    return Err(e);
                }
            }
        };
        if let Err(e) = self.durable(ticket).await {
            let mut store = self.store();
            let key = order.key();
            if store
                .get(&key)
                .is_some_and(|stored| stored.transaction_id == order.transaction_id)
            {
                store.remove(&key);
            }
            return Err(e);
        }
        Ok(order)
    }

    /// A copy of the order with this id, at `now` (an unpaid order past its expiry expires
    /// first, and is announced once durable: after the read's
    /// [`durable_reads`](AppState::durable_reads)).
    pub(crate) fn order(&self, order_id: &str) -> Option<(StoredOrder, u64)> {
        self.read_order(|store| store.get_mut(order_id))
    }

    /// A copy of the order `find` finds in the store, at `now`, expired first if due (see
    /// [`AppState::order`]).
    fn read_order(
        &self,
        find: impl FnOnce(&mut Store) -> Option<&mut StoredOrder>,
    ) -> Option<(StoredOrder, u64)> {
        let (order, expired, now) = {
            let mut store = self.store();
            let order = find(&mut store)?;
            let expired = self.expire_if_due(order);
            (order.clone(), expired, self.clock.now())
        };
        if let Some(ticket) = expired {
            self.announce_expiry(ticket, self.settled(&order, now, order.status.clone()));
        }
        Some((order, now))
    }

    /// The order's JSON, by order id (an unpaid order past its expiry expires first); built
    /// after the store's lock is released.
    pub(crate) fn order_json(&self, order_id: &str) -> Result<Option<Value>, ApiError> {
        match self.order(order_id) {
            Some((order, now)) => self.order_data(&order, now).map(Some),
            None => Ok(None),
        }
    }

    /// The order behind a payment session.
    pub(crate) fn by_session(&self, session: &str) -> Option<StoredOrder> {
        self.read_order(|store| store.by_session_mut(session))
            .map(|(order, _)| order)
    }

    /// Moves an `initialized` order to `status`, the customer's choice on the payment page,
    /// durably.
    pub(crate) async fn settle(
        &self,
        session: &str,
        status: OrderStatus,
    ) -> Result<Settled, SettleError> {
        self.writable().map_err(SettleError::NotDurable)?;
        let (expired, result) = {
            let mut store = self.store();
            let order = store
                .by_session_mut(session)
                .ok_or(SettleError::UnknownSession)?;
            let expired = self.expire_if_due(order).map(|_| order.clone());
            let result = if order.status == OrderStatus::Initialized {
                let kept = order.clone();
                match self.apply(order, status) {
                    Ok(_) => Ok((kept, order.clone())),
                    Err(e) => Err(SettleError::NotDurable(e)),
                }
            } else {
                Err(SettleError::AlreadySettled(order.status.clone()))
            };
            (expired, result)
        };
        if let Err(e) = self.durable_reads().await {
            // Not durable: undone, not announced (an expiry found on the way is left: the
            // journal is stopped, and no answer shows the order any more).
            if let Ok((kept, after)) = result {
                self.undo(kept, &after);
            }
            return Err(SettleError::NotDurable(e));
        }
        let now = self.clock.now();
        if let Some(expired) = expired {
            self.notifier
                .announce(&self.settled(&expired, now, expired.status.clone()));
        }
        result.map(|(_, order)| self.settled(&order, now, order.status.clone()))
    }

    /// Moves the order `order_id` to the status `change` gives for its current one (`None`: the
    /// change is not allowed from there), durably. The caller notifies.
    pub(crate) fn change_status(
        &self,
        order_id: &str,
        change: impl FnOnce(&OrderStatus) -> Option<OrderStatus>,
    ) -> Result<Settled, SettleError> {
        self.writable().map_err(SettleError::NotDurable)?;
        let (kept, order) = {
            let mut store = self.store();
            let order = store.get_mut(order_id).ok_or(SettleError::UnknownSession)?;
            let status = change(&order.status)
                .ok_or_else(|| SettleError::AlreadySettled(order.status.clone()))?;
            let kept = order.clone();
            self.apply(order, status).map_err(SettleError::NotDurable)?;
            (kept, order.clone())
        };
        // As in `settle`: not durable, so undone and not announced.
        if let Err(e) = self.durable_now(self.written()) {
            self.undo(kept, &order);
            return Err(SettleError::NotDurable(e));
        }
        Ok(self.settled(&order, self.clock.now(), order.status.clone()))
    }

    /// Sets the status, its times, and writes the journal: the line's ticket, for the caller to
    /// make durable after the store's lock is released. If the line cannot be written, the
    /// order is left as it was.
    fn apply(&self, order: &mut StoredOrder, status: OrderStatus) -> Result<u64, ApiError> {
        let now = self.clock.now();
        let kept = order.clone();
        let paid = status == OrderStatus::Completed;
        if paid {
            order.completed = Some(now);
        }
        // A manual-capture order is authorised, not paid (`ledger.rs`).
        let status = match status {
            OrderStatus::Completed => crate::ledger::paid_status(order),
            other => other,
        };
        order.status = status;
        order.modified = now;
        let ticket = self.persist(order).inspect_err(|_| *order = kept)?;
        if paid {
            let token = self.ids.session().chars().take(11).collect();
            self.recurring.paid(order, token);
        }
        Ok(ticket)
    }

    /// Expires an unpaid order past its expiry (`initialized` becomes `expired`); if it did,
    /// its journal line's ticket (it is due a notification once the line is durable). An expiry
    /// the journal refuses is not made: the journal is stopped, and the read that found it due
    /// answers the error.
    fn expire_if_due(&self, order: &mut StoredOrder) -> Option<u64> {
        let due =
            order.status == OrderStatus::Initialized && self.clock.now() >= order.expires_at();
        if !due {
            return None;
        }
        self.apply(order, OrderStatus::Expired).ok()
    }

    /// Expires every unpaid order past its expiry, durably, and notifies each; their ids. If
    /// the expiries cannot be made durable, none is announced: the error.
    pub(crate) fn expire_due(&self) -> Result<Vec<String>, ApiError> {
        self.writable()?;
        let expired: Vec<StoredOrder> = {
            let mut store = self.store();
            store
                .orders
                .values_mut()
                .filter_map(|order| self.expire_if_due(order).map(|_| (**order).clone()))
                .collect()
        };
        self.durable_now(self.written())?;
        let now = self.clock.now();
        Ok(expired
            .iter()
            .map(|order| {
                self.notifier
                    .announce(&self.settled(order, now, order.status.clone()));
                order.key()
            })
            .collect())
    }

    /// Forgets every order, notification and counter of stores, and sets the clock back.
    pub(crate) fn reset(&self) -> Result<(), ApiError> {
        self.writable()?;
        let mut store = self.store();
        *store = Store::new(self.config.max_orders);
        self.notifier.outbox().clear();
        self.clock.set_offset(0);
        if let Some(journal) = &self.journal {
            journal.reset().map_err(not_written)?;
        }
        Ok(())
    }

    /// Puts back an order read from the state file.
    pub(crate) fn restore(&self, order: StoredOrder) {
        self.ids.reserve_up_to(order.transaction_id);
        self.store().insert(order);
    }

    /// Records a clock offset in the journal.
    pub(crate) fn persist_clock(&self) -> Result<(), ApiError> {
        let _store = self.store();
        match &self.journal {
            Some(journal) => journal.clock(self.clock.offset()).map_err(not_written),
            None => Ok(()),
        }
    }

    /// Changes the order with this id by `change` (given the order, the time, and a fresh
    /// transaction id), under the lock, durably; 1006 if there is no such order. What `change`
    /// returned, and the announcement if the status changed (built after the lock is released).
    /// If the state file's `fsync` fails, the change is answered as an error (it would not
    /// survive a restart) and undone, as a failed create is, unless the order changed again
    /// since (that later change failed too: the journal is stopped, and no answer shows the
    /// order any more, see the module's documentation).
    pub(crate) async fn change<T>(
        &self,
        order_id: &str,
        change: impl FnOnce(&mut StoredOrder, u64, u64) -> Result<T, ApiError>,
    ) -> Result<(T, Option<Settled>), ApiError> {
        self.writable()?;
        let transaction_id = self.ids.transaction_id();
        let (done, changed, now, ticket, kept, after) = {
            let mut store = self.store();
            let order = store
                .get_mut(order_id)
                .ok_or_else(|| ApiError::new(Code::InvalidOrderId))?;
            let now = self.clock.now();
            let before = crate::ledger::status_at(order, now);
            let kept = order.clone();
            let done = match change(order, now, transaction_id) {
                Ok(done) => done,
                Err(e) => {
                    *order = kept;
                    return Err(e);
                }
            };
            let ticket = match self.persist(order) {
                Ok(ticket) => ticket,
                Err(e) => {
                    // Not written, so not acknowledged: undo it, so that a retry can make it.
                    *order = kept;
                    return Err(e);
                }
            };
            let status = crate::ledger::status_at(order, now);
            let changed = (status != before).then(|| (order.clone(), status));
            (done, changed, now, ticket, kept, order.clone())
        };
        if let Err(e) = self.durable(ticket).await {
            self.undo(kept, &after);
            return Err(e);
        }
        let settled = changed.map(|(order, status)| self.settled(&order, now, status));
        Ok((done, settled))
    }

    /// How many refunds and captures of the order were recorded with this own id.
    pub(crate) fn times_recorded(&self, order_id: &str, own_id: &str) -> usize {
        self.store()
            .get(order_id)
            .map_or(0, |order| order.ledger.times_recorded(own_id))
    }

    /// A page of the stored orders that `admits` admits, in transaction id order: at most
    /// `limit` after the cursor `after`, or else at most `limit` before `before`, or else the
    /// first `limit`. The store's lock is held for at most [`PAGE_SCAN`] orders at a time (and
    /// as many again for the cursor on the page's near side), and only for the walk and `copy`
    /// of each order on the page: a page costs its `limit` plus what the filter skips, whatever
    /// the number of orders stored, and a filter that skips many orders walks on in stretches,
    /// releasing the lock between them.
    pub(crate) fn page<T>(
        &self,
        after: Option<u64>,
        before: Option<u64>,
        limit: usize,
        admits: impl Fn(&StoredOrder) -> bool,
        copy: impl Fn(&StoredOrder) -> T,
    ) -> Page<T> {
        page(|| self.store(), after, before, limit, admits, copy)
    }

    /// How many orders are stored.
    pub(crate) fn len(&self) -> usize {
        self.store().orders.len()
    }

    /// How many times an order with this id was stored (see [`Store::times_stored`]).
    pub(crate) fn times_stored(&self, order_id: &str) -> u32 {
        self.store().times_stored(order_id)
    }

    /// Requests to `endpoint` and faults injected into them so far.
    pub(crate) fn endpoint_tally(&self, endpoint: Endpoint) -> crate::faults::EndpointTally {
        crate::faults::EndpointTally {
            endpoint,
            requests: self.faults.received(endpoint),
            faults: self.faults.injected(endpoint),
        }
    }

    /// Requests, faults, stores and refused duplicates so far.
    pub(crate) fn tally(&self) -> FaultTally {
        let store = self.store();
        FaultTally {
            create_requests: self.faults.received(Endpoint::CreateOrder),
            lookup_requests: self.faults.received(Endpoint::GetOrder),
            create_faults: self.faults.injected(Endpoint::CreateOrder),
            lookup_faults: self.faults.injected(Endpoint::GetOrder),
            stored: store.orders_stored,
            duplicates_refused: store.duplicates_refused,
        }
    }
}

/// The error of a journal that could not be written or made durable: 500, error 1014.
fn not_written(e: std::io::Error) -> ApiError {
    ApiError {
        status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        ..ApiError::detailed(
            Code::Unspecified,
            format!("the state file was not written: {e}"),
        )
    }
}

/// Whether `order` is still as a change left it (`after`): the same ledger, status and times.
fn same(order: &StoredOrder, after: &StoredOrder) -> bool {
    order.transaction_id == after.transaction_id
        && order.status == after.status
        && order.modified == after.modified
        && order.completed == after.completed
        && order.ledger == after.ledger
}

/// [`AppState::page`], over the store that `lock` gives (and holds until the guard is dropped).
fn page<S: Deref<Target = Store>, T>(
    lock: impl Fn() -> S,
    after: Option<u64>,
    before: Option<u64>,
    limit: usize,
    admits: impl Fn(&StoredOrder) -> bool,
    copy: impl Fn(&StoredOrder) -> T,
) -> Page<T> {
    let limit = limit.max(1);
    let backward = after.is_none() && before.is_some();
    let mut from = if backward { before } else { after };
    // The items, in the walk's order, and the transaction id of the first.
    let mut items = Vec::new();
    let mut first = None;
    loop {
        let store = lock();
        let orders = &store.orders;
        let wanted = limit - items.len();
        let (window, next) = match (backward, from) {
            (true, Some(before)) => walk(orders.range(..before).rev(), wanted, &admits),
            (true, None) => (Vec::new(), None),
            (false, from) => {
                let start = from.map_or(Bound::Unbounded, Bound::Excluded);
                walk(orders.range((start, Bound::Unbounded)), wanted, &admits)
            }
        };
        first = first.or_else(|| window.first().map(|order| order.transaction_id));
        items.extend(window.into_iter().map(&copy));
        if let (Some(last), true) = (next, items.len() < limit) {
            // The stretch is walked, the page not full: walk on after releasing the lock.
            from = Some(last);
            continue;
        }
        // The cursor on the near side: whether an admitted order precedes the first item.
        let near = first.filter(|&first| {
            if backward {
                any(
                    orders.range((Bound::Excluded(first), Bound::Unbounded)),
                    &admits,
                )
            } else {
                any(orders.range(..first).rev(), &admits)
            }
        });
        return if backward {
            items.reverse();
            Page {
                items,
                after: near,
                before: next,
            }
        } else {
            Page {
                items,
                after: next,
                before: near,
            }
        };
    }
}

type Entry<'a> = (&'a u64, &'a Box<StoredOrder>);

/// Walks `entries` for at most `limit` orders that `admits` admits, examining at most
/// [`PAGE_SCAN`]: those orders, and the cursor to continue from (the last order examined) if
/// more may follow.
fn walk<'a>(
    entries: impl Iterator<Item = Entry<'a>>,
    limit: usize,
    admits: impl Fn(&StoredOrder) -> bool,
) -> (Vec<&'a StoredOrder>, Option<u64>) {
    let mut window = Vec::with_capacity(limit.min(128));
    let mut last = None;
    for (examined, (&id, order)) in entries.enumerate() {
        if examined == PAGE_SCAN {
            return (window, last);
        }
        if admits(order) {
            if window.len() == limit {
                return (window, last);
            }
            window.push(&**order);
        }
        last = Some(id);
    }
    (window, None)
}

/// Whether `entries` hold an order that `admits` admits; `true` also when [`PAGE_SCAN`]
/// orders were examined without finding one (there may be one further on: a `before` cursor
/// may then lead to an empty page).
fn any<'a>(
    entries: impl Iterator<Item = Entry<'a>>,
    admits: impl Fn(&StoredOrder) -> bool,
) -> bool {
    for (examined, (_, order)) in entries.enumerate() {
        if examined == PAGE_SCAN || admits(order) {
            return true;
        }
    }
    false
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Characters of a session token that spell its order's transaction id.
const SESSION_ID_LEN: usize = 6;

/// The session token of the order with transaction id `id`: its first characters spell the id
/// in base 62 (the rest of `random`, a fresh token, follows), so the store finds the order
/// behind a session without a map of sessions. An id too large to spell is not spelt.
fn session_for(id: u64, random: &str) -> Box<str> {
    let mut digits = [b'0'; SESSION_ID_LEN];
    let mut rest = id;
    for digit in digits.iter_mut().rev() {
        *digit = BASE62[(rest % 62) as usize];
        rest /= 62;
    }
    match (rest, random.get(SESSION_ID_LEN..)) {
        (0, Some(tail)) => {
            let mut token = String::with_capacity(random.len());
            token.extend(digits.iter().map(|&d| char::from(d)));
            token.push_str(tail);
            token.into_boxed_str()
        }
        _ => random.into(),
    }
}

/// The transaction id a session token spells (see [`session_for`]), if it spells one.
fn session_id(session: &str) -> Option<u64> {
    session
        .as_bytes()
        .get(..SESSION_ID_LEN)?
        .iter()
        .try_fold(0u64, |id, &c| {
            let digit = BASE62.iter().position(|&d| d == c)?;
            id.checked_mul(62)?.checked_add(digit as u64)
        })
}

/// Orders by transaction id, order ids and sessions to transaction ids; and, for tests, how
/// often each evicted id was stored.
#[derive(Debug)]
struct Store {
    /// Boxed: a B-tree node keeps a pointer per order, not a whole order.
    orders: BTreeMap<u64, Box<StoredOrder>>,
    /// Order ids (as text) to transaction ids.
    by_id: HashMap<Box<str>, u64>,
    /// Payment sessions to transaction ids, for the sessions that do not start with their
    /// order's transaction id ([`session_for`]): those of orders restored from older state
    /// files.
    sessions: HashMap<Box<str>, u64>,
    max: usize,
    /// How often each of the last `4 * max` distinct evicted ids was stored before it was
    /// evicted (an id stored again after its order was evicted counts twice).
    evicted: HashMap<Box<str>, u32>,
    /// The ids of `evicted`, oldest first.
    evicted_arrival: VecDeque<Box<str>>,
    /// Orders stored in all.
    orders_stored: u64,
    /// Inserts refused because the id was taken.
    duplicates_refused: u64,
}

impl Store {
    fn new(max: usize) -> Self {
        Store {
            orders: BTreeMap::new(),
            by_id: HashMap::new(),
            sessions: HashMap::new(),
            max: max.max(1),
            evicted: HashMap::new(),
            evicted_arrival: VecDeque::new(),
            orders_stored: 0,
            duplicates_refused: 0,
        }
    }

    /// How many times an order with this id was stored: once if it is held now, plus each
    /// time it was stored and then evicted (remembered for the last `4 * max` evicted ids).
    fn times_stored(&self, key: &str) -> u32 {
        let held = u32::from(self.by_id.contains_key(key));
        self.evicted
            .get(key)
            .copied()
            .unwrap_or(0)
            .saturating_add(held)
    }

    /// Counts an eviction of `key`, forgetting the oldest ids beyond the log's cap.
    fn log_eviction(&mut self, key: String) {
        if let Some(count) = self.evicted.get_mut(key.as_str()) {
            *count = count.saturating_add(1);
            return;
        }
        while self.evicted.len() >= self.max.saturating_mul(4) {
            let Some(oldest) = self.evicted_arrival.pop_front() else {
                break;
            };
            self.evicted.remove(&oldest);
        }
        let key = key.into_boxed_str();
        self.evicted.insert(key.clone(), 1);
        self.evicted_arrival.push_back(key);
    }

    fn get(&self, key: &str) -> Option<&StoredOrder> {
        let id = self.by_id.get(key)?;
        self.orders.get(id).map(|order| &**order)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut StoredOrder> {
        let id = self.by_id.get(key)?;
        self.orders.get_mut(id).map(|order| &mut **order)
    }

    /// Inserts unless the key (or the transaction id) is taken (`false`), evicting the oldest
    /// orders beyond the cap.
    fn insert(&mut self, order: StoredOrder) -> bool {
        let key = order.key();
        let id = order.transaction_id;
        if self.by_id.contains_key(key.as_str()) || self.orders.contains_key(&id) {
            self.duplicates_refused += 1;
            return false;
        }
        while self.orders.len() >= self.max {
            let Some((_, evicted)) = self.orders.pop_first() else {
                break;
            };
            let evicted_key = evicted.key();
            self.by_id.remove(evicted_key.as_str());
            self.sessions.remove(&evicted.session_id);
            self.log_eviction(evicted_key);
        }
        self.orders_stored += 1;
        if session_id(&order.session_id) != Some(id) {
            self.sessions.insert(order.session_id.clone(), id);
        }
        self.by_id.insert(key.into_boxed_str(), id);
        self.orders.insert(id, Box::new(order));
        true
    }

    /// Forgets an order (an insert that could not be made durable).
    fn remove(&mut self, key: &str) {
        if let Some(id) = self.by_id.remove(key) {
            if let Some(order) = self.orders.remove(&id) {
                self.sessions.remove(&order.session_id);
            }
        }
    }

    fn by_session_mut(&mut self, session: &str) -> Option<&mut StoredOrder> {
        let id = session_id(session)
            .filter(|id| {
                self.orders
                    .get(id)
                    .is_some_and(|order| *order.session_id == *session)
            })
            .or_else(|| self.sessions.get(session).copied())?;
        self.orders.get_mut(&id).map(|order| &mut **order)
    }
}

#[cfg(test)]
#[path = "state_durability.rs"]
mod durability;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::Cell;

    /// A store holding orders `o-1` ... `o-{count}` with transaction ids 1 ... `count`.
    fn store(max: usize, count: u64) -> Store {
        let mut store = Store::new(max);
        for n in 1..=count {
            store.insert(order(n));
        }
        store
    }

    fn order(n: u64) -> StoredOrder {
        let request: OrderRequest = serde_json::from_value(json!({
            "type": "redirect", "order_id": format!("o-{n}"), "gateway": "AMEX",
            "currency": "EUR", "amount": 1000, "description": "d",
        }))
        .unwrap();
        StoredOrder::new(&request, format!("s-{n}"), n, 0).unwrap()
    }

    fn id(order: &StoredOrder) -> u64 {
        order.transaction_id
    }

    #[test]
    fn pages_run_both_ways_by_cursor() {
        let store = store(100, 7);
        let at = |after, before, limit, admits: &dyn Fn(&StoredOrder) -> bool| {
            let page = page(|| &store, after, before, limit, admits, id);
            (page.items, page.after, page.before)
        };
        let all = &|_: &StoredOrder| true;
        assert_eq!(at(None, None, 3, all), (vec![1, 2, 3], Some(3), None));
        assert_eq!(at(Some(3), None, 3, all), (vec![4, 5, 6], Some(6), Some(4)));
        assert_eq!(at(None, Some(4), 3, all), (vec![1, 2, 3], Some(3), None));
        assert_eq!(at(Some(6), None, 3, all), (vec![7], None, Some(7)));
        assert_eq!(at(Some(3), Some(5), 1, all), (vec![4], Some(4), Some(4)));
        let odd = &|o: &StoredOrder| o.transaction_id % 2 == 1;
        assert_eq!(at(Some(1), None, 2, odd), (vec![3, 5], Some(6), Some(3)));
        let none = &|_: &StoredOrder| false;
        assert_eq!(at(None, None, 3, none), (vec![], None, None));
    }

    #[test]
    fn a_sparse_filter_walks_in_bounded_stretches_and_its_cursors_visit_every_admitted_order() {
        let count = 3 * PAGE_SCAN as u64 + 5;
        let store = store(count as usize, count);
        // Admitted: 2, then one every 7,001 orders: some stretches hold none.
        let admitted: Vec<u64> = (1..=count).filter(|n| n % 7_001 == 2).collect();
        let sparse = |o: &StoredOrder| o.transaction_id % 7_001 == 2;
        // Examined under each hold of the lock.
        let (holds, examined, most) = (Cell::new(0), Cell::new(0), Cell::new(0));
        let lock = || {
            most.set(most.get().max(examined.replace(0)));
            holds.set(holds.get() + 1);
            &store
        };
        let counting = |o: &StoredOrder| {
            examined.set(examined.get() + 1);
            sparse(o)
        };
        let whole = page(lock, None, None, 100, counting, id);
        most.set(most.get().max(examined.get()));
        assert_eq!(
            (whole.items, whole.after, whole.before),
            (admitted.clone(), None, None)
        );
        assert_eq!(holds.get(), 4, "four stretches of at most {PAGE_SCAN}");
        assert!(most.get() <= PAGE_SCAN + 1, "{} under one hold", most.get());
        // Two at a time, forward then back: each admitted order once, no empty page.
        let (mut seen, mut cursor) = (Vec::new(), None);
        loop {
            let page = page(|| &store, cursor, None, 2, sparse, id);
            assert!(!page.items.is_empty());
            seen.extend(page.items);
            match page.after {
                Some(after) => cursor = Some(after),
                None => break,
            }
        }
        assert_eq!(seen, admitted, "forward");
        let (mut seen, mut cursor) = (Vec::new(), Some(count + 1));
        while let Some(before) = cursor {
            let page = page(|| &store, None, Some(before), 2, sparse, id);
            assert!(!page.items.is_empty());
            seen.splice(0..0, page.items);
            cursor = page.before;
        }
        assert_eq!(seen, admitted, "backward");
    }

    #[test]
    fn a_session_spells_its_order_and_is_found_without_a_map() {
        let random = "82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv";
        let session = session_for(1_000_000_007, random);
        assert_eq!((session.len(), &session[6..]), (35, &random[6..]));
        assert!(session.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(session_id(&session), Some(1_000_000_007));
        assert_eq!(
            &*session_for(u64::MAX, random),
            random,
            "too large to spell"
        );
        let mut store = store(10, 0);
        let mut spelt = order(1_000_000_007);
        spelt.session_id = session.clone();
        let kept = order(3); // session `s-3`, restored from an older state file
        assert!(store.insert(spelt) && store.insert(kept));
        assert_eq!(
            store.sessions.len(),
            1,
            "only the session that spells no id is mapped"
        );
        let found = |store: &mut Store, s: &str| store.by_session_mut(s).map(|o| o.transaction_id);
        assert_eq!(found(&mut store, &session), Some(1_000_000_007));
        assert_eq!(found(&mut store, "s-3"), Some(3));
        // The same id with another token is no session.
        let forged = session_for(1_000_000_007, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        assert_eq!(found(&mut store, &forged), None);
        store.remove("o-1000000007");
        assert_eq!(found(&mut store, &session), None);
    }

    #[test]
    fn the_oldest_orders_are_evicted_and_their_stores_remembered() {
        let mut store = store(3, 5);
        assert_eq!(store.orders.keys().copied().collect::<Vec<_>>(), [3, 4, 5]);
        assert!(store.get("o-2").is_none() && store.by_session_mut("s-2").is_none());
        assert_eq!(store.get("o-4").map(|o| o.transaction_id), Some(4));
        assert_eq!(
            store.by_session_mut("s-5").map(|o| o.transaction_id),
            Some(5)
        );
        assert_eq!(
            (store.times_stored("o-1"), store.times_stored("o-5")),
            (1, 1)
        );
        // Stored again after its eviction: twice; a duplicate of a held id is refused.
        let mut again = order(1);
        again.transaction_id = 6;
        assert!(store.insert(again));
        assert_eq!(store.times_stored("o-1"), 2);
        assert!(!store.insert(order(5)));
        assert_eq!((store.orders_stored, store.duplicates_refused), (6, 1));
        store.remove("o-1");
        assert!(store.get("o-1").is_none() && store.by_session_mut("s-1").is_none());
        assert_eq!(store.times_stored("o-9"), 0);
    }
}
