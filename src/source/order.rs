//! One sort for the issue pipeline and the fixes: every order is found by sorting `u64`s, so the
//! wasm links one copy of the sort code. Before, a stable sort of `(Span, Issue)` pairs, an
//! unstable sort of kept issues and one of offsets each linked their own copy (a few KB each).

/// The low half of a packed key holds the index, the high half the key.
const INDEX_BITS: u32 = 32;
const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;

/// Indices of `keys` in key order, equal keys in index order (what a stable sort gives). Keys past
/// `u32::MAX` (offsets in a text over 4 GiB, which wasm32 cannot hold) compare equal to it.
pub(crate) fn stable_order(keys: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut packed: Vec<u64> = keys
        .enumerate()
        .map(|(index, key)| {
            let key = u64::try_from(key).unwrap_or(u64::MAX).min(INDEX_MASK);
            (key << INDEX_BITS) | (index as u64 & INDEX_MASK)
        })
        .collect();
    packed.sort_unstable();
    packed
        .into_iter()
        .map(|p| (p & INDEX_MASK) as usize)
        .collect()
}

/// `items` rearranged so the item at `order[k]` comes k-th (`order` lists each index once).
pub(crate) fn permuted<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&i| slots.get_mut(i)?.take())
        .collect()
}

/// Sorts `values` ascending, through the same `u64` sort.
pub(crate) fn sort_usizes(values: &mut [usize]) {
    let mut wide: Vec<u64> = values
        .iter()
        .map(|&v| u64::try_from(v).unwrap_or(u64::MAX))
        .collect();
    wide.sort_unstable();
    for (slot, v) in values.iter_mut().zip(wide) {
        *slot = usize::try_from(v).unwrap_or(usize::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_order_keeps_equal_keys_in_index_order() {
        let keys = [5, 1, 5, 0, 1, 5];
        assert_eq!(stable_order(keys.into_iter()), vec![3, 1, 4, 0, 2, 5]);
        let mut expected: Vec<usize> = (0..keys.len()).collect();
        expected.sort_by_key(|&i| keys[i]);
        assert_eq!(stable_order(keys.into_iter()), expected);
    }

    #[test]
    fn keys_past_u32_compare_equal_and_keep_index_order() {
        let big = u32::MAX as usize;
        let keys = [big, 3, big];
        assert_eq!(stable_order(keys.into_iter()), vec![1, 0, 2]);
    }

    #[test]
    fn permuted_follows_the_order() {
        let items = vec!["a", "b", "c", "d"];
        assert_eq!(permuted(items, &[2, 0, 3, 1]), vec!["c", "a", "d", "b"]);
    }

    #[test]
    fn sort_usizes_sorts() {
        let mut v = vec![9, 0, 4, 4, 1];
        sort_usizes(&mut v);
        assert_eq!(v, vec![0, 1, 4, 4, 9]);
    }
}
