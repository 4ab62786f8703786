//! The sandbox's memory: orders by id and by payment session, bounded, oldest evicted first.
//! One mutex, held only for map operations (never across an `.await`).

use crate::config::Config;
use crate::errors::{ApiError, Code};
use crate::faults::{Endpoint, FaultTally, Injector};
use crate::notify::Notifier;
use crate::order::StoredOrder;
use crate::token::Ids;
use msp_core::{OrderRequest, OrderStatus, PaymentOptions};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Everything a request handler needs.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) config: Config,
    /// `http://127.0.0.1:PORT`, the origin payment URLs point at.
    pub(crate) origin: String,
    pub(crate) notifier: Notifier,
    /// The fault plan (if any) and the request and fault counters.
    pub(crate) faults: Injector,
    /// Recurring tokens of paid orders.
    pub(crate) recurring: crate::recurring::Recurring,
    ids: Ids,
    store: Mutex<Store>,
}

/// Why a payment-page action did nothing.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SettleError {
    /// No such session (never created, or evicted).
    UnknownSession,
    /// The order is no longer `initialized`.
    AlreadySettled(OrderStatus),
}

/// An order right after its status changed.
#[derive(Debug)]
pub(crate) struct Settled {
    /// The order's JSON after the change (the notification's body).
    pub(crate) order: Value,
    pub(crate) order_id: String,
    /// Where the customer and the notification go.
    pub(crate) options: Option<PaymentOptions>,
}

impl AppState {
    pub(crate) fn new(config: Config, origin: String, notifier: Notifier) -> Self {
        let store = Store::new(config.max_orders);
        AppState {
            faults: Injector::new(config.faults.clone()),
            config,
            origin,
            notifier,
            recurring: Default::default(),
            ids: Ids::new(),
            store: Mutex::new(store),
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
        let lang = request
            .customer
            .as_ref()
            .and_then(|c| c.locale.as_deref())
            .filter(|l| msp_core::rules::check_locale(l).is_ok())
            .unwrap_or("en_US");
        let now = crate::time::now();
        let order = StoredOrder {
            payment_url: format!("{}/connect/{session_id}/?lang={lang}", self.origin),
            session_id,
            transaction_id: self.ids.transaction_id(),
            status: OrderStatus::Initialized,
            created: now,
            modified: now,
            completed: None,
            request,
        };
        if self.store().insert(order.clone()) {
            Ok(order)
        } else {
            Err(ApiError::detailed(
                Code::InvalidOrderId,
                format!("order_id `{}` was already used for this site", order.key()),
            ))
        }
    }

    /// The order's JSON, by order id.
    pub(crate) fn order_json(&self, order_id: &str) -> Option<Value> {
        self.store().orders.get(order_id).map(StoredOrder::to_json)
    }

    /// The order behind a payment session.
    pub(crate) fn by_session(&self, session: &str) -> Option<StoredOrder> {
        let store = self.store();
        let key = store.sessions.get(session)?;
        store.orders.get(key).cloned()
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
        if order.status != OrderStatus::Initialized {
            return Err(SettleError::AlreadySettled(order.status.clone()));
        }
        let now = crate::time::now();
        if status == OrderStatus::Completed {
            order.completed = Some(now);
            let token = self.ids.session().chars().take(11).collect();
            self.recurring.paid(order, token);
        }
        order.status = status;
        order.modified = now;
        Ok(Settled {
            order: order.to_json(),
            order_id: order.key(),
            options: order.request.payment_options.clone(),
        })
    }

    /// What `pick` makes of each stored order it picks, in no particular order.
    pub(crate) fn select<T>(&self, pick: impl FnMut(&StoredOrder) -> Option<T>) -> Vec<T> {
        self.store().orders.values().filter_map(pick).collect()
    }

    /// How many orders are stored.
    pub(crate) fn len(&self) -> usize {
        self.store().orders.len()
    }

    /// How many times an order with this id was stored (see [`Store::times_stored`]).
    pub(crate) fn times_stored(&self, order_id: &str) -> u32 {
        self.store().times_stored(order_id)
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
    orders: HashMap<String, StoredOrder>,
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
        self.orders.insert(key, order);
        true
    }

    fn by_session_mut(&mut self, session: &str) -> Option<&mut StoredOrder> {
        let key = self.sessions.get(session)?;
        self.orders.get_mut(key)
    }
}
