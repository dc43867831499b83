//! Quotas: `n` requests of an operation in total, for the life of the [`Limits`].
//!
//! A request takes its unit of the quota when `acquire` starts, so an exhausted quota is
//! known at once, before any waiting; a call that is cancelled before its permit is granted
//! gives the unit back ([`QuotaClaim`]'s `Drop`), so only granted permits count.
//!
//! [`Limits`]: super::Limits

#[derive(Debug)]
pub(crate) struct Quota {
    limit: u64,
    used: u64,
}

impl Quota {
    pub(crate) fn new(limit: u64) -> Quota {
        Quota { limit, used: 0 }
    }

    pub(crate) fn limit(&self) -> u64 {
        self.limit
    }

    pub(crate) fn remaining(&self) -> u64 {
        self.limit - self.used
    }

    /// Takes one unit; `false` (and nothing taken) when none is left.
    pub(crate) fn take(&mut self) -> bool {
        if self.used < self.limit {
            self.used += 1;
            true
        } else {
            false
        }
    }

    /// Gives back a unit taken by a call that ended without a permit.
    pub(crate) fn give_back(&mut self) {
        self.used = self.used.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_up_to_the_limit_and_gives_back() {
        let mut quota = Quota::new(2);
        assert!(quota.take());
        assert!(quota.take());
        assert!(!quota.take());
        assert_eq!(quota.remaining(), 0);
        quota.give_back();
        assert_eq!(quota.remaining(), 1);
        assert!(quota.take());
        assert!(!Quota::new(0).take());
    }
}
