//! Sparse weight vectors: (feature id, weight) pairs sorted by id, as the definitions' TF-IDF
//! vectors (`compare`) and the terms' context vectors (`clusters`) are held. Scaling to unit
//! length, and the cosine of two unit-length vectors.

/// The pairs sorted by id and scaled to unit length; a vector of zero length stays as it is.
/// Ids are expected to be unique.
pub fn unit<I: Ord + Copy>(mut v: Vec<(I, f64)>) -> Vec<(I, f64)> {
    v.sort_by_key(|x| x.0);
    let norm = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
    if norm > 0.0 {
        for x in &mut v {
            x.1 /= norm;
        }
    }
    v
}

/// Cosine of two unit-length vectors sorted by id (as [`unit`] makes them): their dot product,
/// summed over the ids both have, in one pass over the two lists.
pub fn cosine<I: Ord>(a: &[(I, f64)], b: &[(I, f64)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_sorts_by_id_and_scales_to_length_one() {
        let v = unit(vec![(7usize, 4.0), (2, 3.0)]);
        assert_eq!(v, vec![(2, 0.6), (7, 0.8)]);
        assert_eq!(unit::<u32>(vec![]), vec![]);
        assert_eq!(unit(vec![(1u32, 0.0)]), vec![(1, 0.0)]);
    }

    #[test]
    fn the_same_vector_scores_one_and_no_shared_id_scores_zero() {
        let a = unit(vec![(1u32, 1.0), (3, 2.0), (5, 2.0)]);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-12);
        assert_eq!(cosine(&a, &unit(vec![(2, 1.0), (4, 1.0), (6, 1.0)])), 0.0);
        assert_eq!(cosine(&a, &[]), 0.0);
    }

    #[test]
    fn only_the_shared_ids_count() {
        // a = (3, 4)/5 on ids 1 and 2; b = ids 2 and 9, equal weights.
        let a = unit(vec![(1usize, 3.0), (2, 4.0)]);
        let b = unit(vec![(9usize, 1.0), (2, 1.0)]);
        let expected = 0.8 * std::f64::consts::FRAC_1_SQRT_2;
        assert!((cosine(&a, &b) - expected).abs() < 1e-12);
        assert_eq!(cosine(&a, &b), cosine(&b, &a));
    }
}
