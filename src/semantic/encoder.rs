//! The sentence encoder: all-MiniLM-L6-v2 (a 6-layer BERT, 384 wide), run in-process on the CPU
//! through candle, with its WordPiece tokenizer; the weights are embedded in the binary
//! (`models/all-minilm-l6-v2/`, see its `SOURCE.md`), so nothing is fetched at run time.
//!
//! A text's vector is the mean of its tokens' last hidden states, made unit length (the
//! model's own pooling, as sentence-transformers runs it): the cosine of two vectors is their
//! dot product.

use crate::error::{Error, Result};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{Tokenizer, TruncationParams};

/// Width of a vector.
pub const DIM: usize = 384;
/// Tokens read of one text (the model was trained on up to 256); a definition is far shorter.
pub const MAX_TOKENS: usize = 256;
/// Texts encoded together.
const BATCH: usize = 16;

const WEIGHTS: &[u8] = include_bytes!("../../models/all-minilm-l6-v2/model.safetensors");
const TOKENIZER: &[u8] = include_bytes!("../../models/all-minilm-l6-v2/tokenizer.json");
const CONFIG: &str = include_str!("../../models/all-minilm-l6-v2/config.json");

/// The loaded model and tokenizer.
pub struct Encoder {
    model: BertModel,
    tokenizer: Tokenizer,
}

fn failed(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Encoder(format!("{what}: {e}"))
}

impl Encoder {
    /// Loads the embedded model (its weights are stored as 16-bit floats and computed in 32).
    pub fn embedded() -> Result<Encoder> {
        let config: Config =
            serde_json::from_str(CONFIG).map_err(|e| failed("reading config.json", e))?;
        let vb = VarBuilder::from_slice_safetensors(WEIGHTS, DType::F32, &Device::Cpu)
            .map_err(|e| failed("reading the weights", e))?;
        let model = BertModel::load(vb, &config).map_err(|e| failed("loading the model", e))?;
        let mut tokenizer =
            Tokenizer::from_bytes(TOKENIZER).map_err(|e| failed("reading tokenizer.json", e))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| failed("setting the truncation", e))?;
        Ok(Encoder { model, tokenizer })
    }

    /// The unit vectors of `texts`, in their order.
    pub fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        // Texts of similar length together, so a batch pads little.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (texts[i].len(), i));
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            for (&i, v) in chunk.iter().zip(self.encode_batch(&batch)?) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    fn encode_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| failed("tokenizing", e))?;
        let len = encodings.iter().map(|e| e.len()).max().unwrap_or(0).max(1);
        let mut ids = Vec::with_capacity(texts.len() * len);
        let mut mask = Vec::with_capacity(texts.len() * len);
        for e in &encodings {
            ids.extend(e.get_ids().iter().copied());
            mask.extend(std::iter::repeat_n(1u32, e.len()));
            ids.extend(std::iter::repeat_n(0u32, len - e.len()));
            mask.extend(std::iter::repeat_n(0u32, len - e.len()));
        }
        let run = || -> candle_core::Result<Vec<Vec<f32>>> {
            let shape = (texts.len(), len);
            let ids = Tensor::from_vec(ids, shape, &Device::Cpu)?;
            let mask = Tensor::from_vec(mask, shape, &Device::Cpu)?;
            let types = ids.zeros_like()?;
            let hidden = self.model.forward(&ids, &types, Some(&mask))?;
            let weights = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&weights)?.sum(1)?;
            let mean = summed.broadcast_div(&weights.sum(1)?)?;
            let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
            mean.broadcast_div(&norm)?.to_vec2::<f32>()
        };
        run().map_err(|e| failed("encoding", e))
    }
}
