//! The sandbox's memory: orders by id and by payment session, bounded, oldest evicted first.
//! One mutex, held only for map operations (never across an `.await`); with a state file, each
//! change is written to the journal ([`crate::journal`]) under that mutex, before it is answered.

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
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

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
    journal: Option<Journal>,
    /// Recurring tokens of paid orders.
    pub(crate) recurring: crate::recurring::Recurring,
    store: Mutex<Store>,
}

/// Why a status change did nothing.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SettleError {
    /// No such session or order (never created, or evicted).
    UnknownSession,
    /// The order's status does not allow the change (for the payment page: it is no longer
    /// `initialized`).
    AlreadySettled(OrderStatus),
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
    pub(crate) options: Option<PaymentOptions>,
}

impl Settled {
    /// `order` as it is at `now`, announcing `status`.
    fn of(order: &StoredOrder, now: u64, status: OrderStatus) -> Settled {
        Settled {
            order: order.to_json(now),
            order_id: order.key(),
            status,
            options: order.request.payment_options.clone(),
        }
    }
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
            journal,
            store: Mutex::new(store),
        }
    }

    /// The payment page's URL for a session, in the order's language (`en_US` unless the
    /// customer's locale is a valid one).
    pub(crate) fn payment_url(&self, session_id: &str, request: &OrderRequest) -> String {
        let lang = request
            .customer
            .as_ref()
            .and_then(|c| c.locale.as_deref())
            .filter(|l| msp_core::rules::check_locale(l).is_ok())
            .unwrap_or("en_US");
        format!("{}/connect/{session_id}/?lang={lang}", self.origin)
    }

    /// Writes the order to the journal, if there is one. A failed write is reported (the
    /// change was made in memory, but would not survive a restart).
    fn persist(&self, order: &StoredOrder) -> Result<(), ApiError> {
        match &self.journal {
            Some(journal) => journal.put(order).map_err(|e| {
                ApiError::detailed(
                    Code::Unknown,
                    format!("the state file was not written: {e}"),
                )
            }),
            None => Ok(()),
        }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic elsewhere never leaves the maps half-updated (each update is one call), so a
        // poisoned lock is still consistent: keep serving.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores a new order; 1006 if its id was used before (and is still remembered).
    pub(crate) fn create(&self, request: OrderRequest) -> Result<StoredOrder, ApiError> {
        let session_id = self.ids.session();
        let payment_url = self.payment_url(&session_id, &request);
        let order = StoredOrder::new(
            request,
            session_id,
            self.ids.transaction_id(),
            payment_url,
            self.clock.now(),
        );
        let mut store = self.store();
        if store.insert(order.clone()) {
            if let Err(e) = self.persist(&order) {
                // Not durable, so not acknowledged: forget it, so that a retry can store it.
                store.remove(&order.key());
                return Err(e);
            }
            Ok(order)
        } else {
            Err(ApiError::detailed(
                Code::InvalidOrderId,
                format!("order_id `{}` was already used for this site", order.key()),
            ))
        }
    }

    /// The order's JSON, by order id (an unpaid order past its expiry expires first).
    pub(crate) fn order_json(&self, order_id: &str) -> Option<Value> {
        let mut store = self.store();
        let order = store.orders.get_mut(order_id)?;
        let json = match self.expire_if_due(order) {
            Some(expired) => {
                let json = expired.order.clone();
                self.notifier.announce(&expired);
                json
            }
            None => order.to_json(self.clock.now()),
        };
        Some(json)
    }

    /// The order behind a payment session.
    pub(crate) fn by_session(&self, session: &str) -> Option<StoredOrder> {
        let mut store = self.store();
        let order = store.by_session_mut(session)?;
        if let Some(expired) = self.expire_if_due(order) {
            self.notifier.announce(&expired);
        }
        Some(order.clone())
    }

    /// Moves an `initialized` order to `status`, the customer's choice on the payment page.
    pub(crate) fn settle(
        &self,
        session: &str,
        status: OrderStatus,
    ) -> Result<Settled, SettleError> {
        let mut store = self.store();
        let order = store
            .by_session_mut(session)
            .ok_or(SettleError::UnknownSession)?;
        if let Some(expired) = self.expire_if_due(order) {
            self.notifier.announce(&expired);
        }
        if order.status != OrderStatus::Initialized {
            return Err(SettleError::AlreadySettled(order.status.clone()));
        }
        Ok(self.apply(order, status))
    }

    /// Moves the order `order_id` to the status `change` gives for its current one (`None`: the
    /// change is not allowed from there). The caller notifies.
    pub(crate) fn change_status(
        &self,
        order_id: &str,
        change: impl FnOnce(&OrderStatus) -> Option<OrderStatus>,
    ) -> Result<Settled, SettleError> {
        let mut store = self.store();
        let order = store
            .orders
            .get_mut(order_id)
            .ok_or(SettleError::UnknownSession)?;
        let status = change(&order.status)
            .ok_or_else(|| SettleError::AlreadySettled(order.status.clone()))?;
        Ok(self.apply(order, status))
    }

    /// Sets the status, its times, and writes the journal.
    fn apply(&self, order: &mut StoredOrder, status: OrderStatus) -> Settled {
        let now = self.clock.now();
        if status == OrderStatus::Completed {
            order.completed = Some(now);
            let token = self.ids.session().chars().take(11).collect();
            self.recurring.paid(order, token);
        }
        // A manual-capture order is authorised, not paid (`ledger.rs`).
        let status = match status {
            OrderStatus::Completed => crate::ledger::paid_status(order),
            other => other,
        };
        order.status = status;
        order.modified = now;
        if let Err(e) = self.persist(order) {
            eprintln!("msp-sandbox: {}", e.info);
        }
        Settled::of(order, now, order.status.clone())
    }

    /// Expires an unpaid order past its expiry (`initialized` becomes `expired`).
    fn expire_if_due(&self, order: &mut StoredOrder) -> Option<Settled> {
        (order.status == OrderStatus::Initialized && self.clock.now() >= order.expires_at())
            .then(|| self.apply(order, OrderStatus::Expired))
    }

    /// Expires every unpaid order past its expiry, and notifies each; their ids.
    pub(crate) fn expire_due(&self) -> Vec<String> {
        let mut store = self.store();
        let mut expired = Vec::new();
        for order in store.orders.values_mut() {
            if let Some(settled) = self.expire_if_due(order) {
                self.notifier.announce(&settled);
                expired.push(settled.order_id);
            }
        }
        expired
    }

    /// Forgets every order, notification and counter of stores, and sets the clock back.
    pub(crate) fn reset(&self) -> Result<(), ApiError> {
        let mut store = self.store();
        *store = Store::new(self.config.max_orders);
        self.notifier.outbox().clear();
        self.clock.set_offset(0);
        if let Some(journal) = &self.journal {
            journal.reset().map_err(|e| {
                ApiError::detailed(
                    Code::Unknown,
                    format!("the state file was not written: {e}"),
                )
            })?;
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
            Some(journal) => journal.clock(self.clock.offset()).map_err(|e| {
                ApiError::detailed(
                    Code::Unknown,
                    format!("the state file was not written: {e}"),
                )
            }),
            None => Ok(()),
        }
    }

    /// Changes the order with this id by `change` (given the order, the time, and a fresh
    /// transaction id), under the lock; 1006 if there is no such order. The order after the
    /// change, and whether its status changed (then it is due a notification).
    pub(crate) fn change<T>(
        &self,
        order_id: &str,
        change: impl FnOnce(&mut StoredOrder, u64, u64) -> Result<T, ApiError>,
    ) -> Result<(T, Settled, bool), ApiError> {
        let transaction_id = self.ids.transaction_id();
        let mut store = self.store();
        let order = store
            .orders
            .get_mut(order_id)
            .ok_or_else(|| ApiError::new(Code::InvalidOrderId))?;
        let now = self.clock.now();
        let before = crate::ledger::status_at(order, now);
        let kept = order.clone();
        let done = change(order, now, transaction_id)?;
        if let Err(e) = self.persist(order) {
            // Not durable, so not acknowledged: undo it, so that a retry can make it.
            *order = kept;
            return Err(e);
        }
        let status = crate::ledger::status_at(order, now);
        let changed = status != before;
        Ok((done, Settled::of(order, now, status), changed))
    }

    /// How many refunds and captures of the order were recorded with this own id.
    pub(crate) fn times_recorded(&self, order_id: &str, own_id: &str) -> usize {
        self.store()
            .orders
            .get(order_id)
            .map_or(0, |order| order.ledger.times_recorded(own_id))
    }

    /// Runs `read` over every stored order under the store's lock (a listing's consistent view,
    /// without copying the orders out).
    pub(crate) fn with_orders<T>(
        &self,
        read: impl FnOnce(&mut dyn Iterator<Item = &StoredOrder>) -> T,
    ) -> T {
        let store = self.store();
        read(&mut store.orders.values().map(|order| &**order))
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

/// Orders by key, sessions to keys, and the arrival order for eviction; and, for tests, how
/// often each id was stored.
#[derive(Debug)]
struct Store {
    /// Boxed: the table keeps a pointer per slot, not a whole order (1.3 KB) per slot, and a
    /// table at most 7/8 full (up to twice the slots after growing) wastes only pointers.
    orders: HashMap<String, Box<StoredOrder>>,
    sessions: HashMap<String, String>,
    arrival: VecDeque<String>,
    max: usize,
    /// Stores per id, for the last `4 * max` distinct ids (an id stored again after its order
    /// was evicted counts twice).
    stores_per_id: HashMap<String, u32>,
    /// The ids of `stores_per_id`, oldest first.
    stores_per_id_arrival: VecDeque<String>,
    /// Orders stored in all.
    orders_stored: u64,
    /// Inserts refused because the id was taken.
    duplicates_refused: u64,
}

impl Store {
    fn new(max: usize) -> Self {
        Store {
            orders: HashMap::new(),
            sessions: HashMap::new(),
            arrival: VecDeque::new(),
            max: max.max(1),
            stores_per_id: HashMap::new(),
            stores_per_id_arrival: VecDeque::new(),
            orders_stored: 0,
            duplicates_refused: 0,
        }
    }

    fn times_stored(&self, key: &str) -> u32 {
        self.stores_per_id.get(key).copied().unwrap_or(0)
    }

    /// Counts a store of `key`, forgetting the oldest ids beyond the log's cap.
    fn log_store(&mut self, key: &str) {
        self.orders_stored += 1;
        if let Some(count) = self.stores_per_id.get_mut(key) {
            *count = count.saturating_add(1);
            return;
        }
        while self.stores_per_id.len() >= self.max.saturating_mul(4) {
            let Some(oldest) = self.stores_per_id_arrival.pop_front() else {
                break;
            };
            self.stores_per_id.remove(&oldest);
        }
        self.stores_per_id.insert(key.to_owned(), 1);
        self.stores_per_id_arrival.push_back(key.to_owned());
    }

    /// Inserts unless the key is taken (`false`), evicting the oldest orders beyond the cap.
    fn insert(&mut self, order: StoredOrder) -> bool {
        let key = order.key();
        if self.orders.contains_key(&key) {
            self.duplicates_refused += 1;
            return false;
        }
        while self.orders.len() >= self.max {
            let Some(oldest) = self.arrival.pop_front() else {
                break;
            };
            if let Some(evicted) = self.orders.remove(&oldest) {
                self.sessions.remove(&evicted.session_id);
            }
        }
        self.log_store(&key);
        self.sessions.insert(order.session_id.clone(), key.clone());
        self.arrival.push_back(key.clone());
        self.orders.insert(key, Box::new(order));
        true
    }

    /// Forgets an order (an insert that could not be made durable).
    fn remove(&mut self, key: &str) {
        if let Some(order) = self.orders.remove(key) {
            self.sessions.remove(&order.session_id);
            if let Some(at) = self.arrival.iter().rposition(|k| k == key) {
                self.arrival.remove(at);
            }
        }
    }

    fn by_session_mut(&mut self, session: &str) -> Option<&mut StoredOrder> {
        let key = self.sessions.get(session)?;
        self.orders.get_mut(key).map(|order| &mut **order)
    }
}
