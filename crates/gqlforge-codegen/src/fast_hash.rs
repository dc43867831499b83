//! A fast, non-cryptographic hasher for the engine's maps of names and ids.
//!
//! The `gql!` macro runs this crate unoptimized in downstream debug builds, where std's
//! SipHash (with its many small calls) cost about 5% of an expansion. The keys are names from
//! the developer's own schema and documents, read at build time: nothing to defend against
//! hash flooding. The mixing step is FxHash's (rustc's): rotate, xor, multiply.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`]; build it with `default()` or `with_capacity_and_hasher`.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`].
pub(crate) type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Clone, Copy, Default)]
pub(crate) struct FastHasher {
    hash: u64,
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while rest.len() >= 8 {
            let (word, tail) = rest.split_at(8);
            let mut buf = [0; 8];
            buf.copy_from_slice(word);
            self.add(u64::from_le_bytes(buf));
            rest = tail;
        }
        if !rest.is_empty() {
            let mut buf = [0; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash(value: impl Hash) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(value)
    }

    #[test]
    fn names_that_differ_hash_apart() {
        let names = [
            "",
            "a",
            "b",
            "id",
            "ID",
            "name",
            "names",
            "abcdefgh",
            "abcdefghi",
        ];
        let hashes: FastSet<u64> = names.iter().map(hash).collect();
        assert_eq!(hashes.len(), names.len());
        assert_eq!(hash("user"), hash(String::from("user")));
    }

    #[test]
    fn maps_work_as_maps() {
        let mut map: FastMap<String, usize> = FastMap::default();
        for i in 0..1000 {
            map.insert(format!("field{i}"), i);
        }
        assert!((0..1000).all(|i| map[&format!("field{i}")] == i));
    }
}
