"""Training the tagger: fixed seeds, AdamW with a linear schedule, resumable checkpoints.

``out/last.pt`` holds model, optimizer, scheduler, RNG states and the position in the epoch,
rewritten atomically every ``checkpoint_every`` steps and at each epoch end; a rerun with the
same ``out`` continues from it. ``out/best.pt`` keeps the weights with the best dev score
(mean exact F1 of source, cue and content); ``out/log.jsonl`` has one line per logging
interval and per epoch (loss, dev figures). The test split is never read.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from torch.nn import functional as F

from reportedly.evaluation.polnear_data import Article, load_split
from reportedly.evaluation.polnear_score import Tally
from reportedly.tagger.labels import IGNORE, ROLES
from reportedly.tagger.predict import article_spans, gold_fragments, relations
from reportedly.tagger.windows import MAX_TOKENS, Window, encoder_dir, load_tokenizer, windows
from reportedly.training.tagger.model import Tagger, from_pretrained


@dataclass
class TrainConfig:
    epochs: int = 5
    batch_size: int = 8
    lr: float = 5e-5
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.06
    max_tokens: int = MAX_TOKENS
    seed: int = 13
    checkpoint_every: int = 50
    log_every: int = 10
    max_steps: int = 0
    """Stop (with a dev evaluation) after this many optimizer steps in all; 0: no limit."""
    patience: int = 2
    """Stop when dev has not improved for this many epochs."""
    limit_articles: int = 0
    """Use only the first N train and dev articles (smoke runs); 0: all."""
    decoding: str = "viterbi"
    """How dev logits become spans for model selection (as the shipped backend decodes)."""
    precision: str = "fp32"
    """"bf16": forward passes under CPU bfloat16 autocast (master weights, optimizer and dev
    evaluation stay float32); on CPUs with AMX or AVX-512 BF16 this trains about 1.5x faster."""
    layer_decay: float = 1.0
    """Layer-wise rate decay: encoder layer ``i`` of ``L`` learns at ``lr * layer_decay ** (L - 1
    - i)``, the embeddings one step lower still; 1.0 gives every encoder weight ``lr``. Below 1,
    the general-purpose lower layers move less than the top ones (less overfitting)."""
    init_from: str = ""
    """Start from the weights of this checkpoint (another run's ``best.pt``) instead of the
    bare encoder: a second schedule over a trained model."""


def seed_all(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)


def article_windows(tokenizer: Any, articles: Sequence[Article], max_tokens: int) -> list[Window]:
    out: list[Window] = []
    for article in articles:
        frags = gold_fragments(article.text, article.relations)
        out.extend(windows(tokenizer, article.text, frags, max_tokens))
    return out


def batches(items: Sequence[Window], size: int, seed: int, epoch: int) -> list[list[Window]]:
    """The epoch's batches: a seeded shuffle, then length-sorted pools of 50 batches
    (less padding), pools and batches in seeded order."""
    order = list(items)
    rng = random.Random(seed * 1000 + epoch)
    rng.shuffle(order)
    pool = size * 50
    out: list[list[Window]] = []
    for i in range(0, len(order), pool):
        chunk = sorted(order[i : i + pool], key=lambda w: len(w.ids))
        out.extend(chunk[j : j + size] for j in range(0, len(chunk), size))
    rng.shuffle(out)
    return out


def collate(batch: Sequence[Window]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Padded ids, attention mask and labels ``[batch, pieces, role]``."""
    width = max(len(w.ids) for w in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    mask = torch.zeros(len(batch), width, dtype=torch.long)
    labels = torch.full((len(batch), width, len(ROLES)), IGNORE, dtype=torch.long)
    for i, w in enumerate(batch):
        n = len(w.ids)
        ids[i, :n] = torch.tensor(w.ids)
        mask[i, :n] = 1
        if w.labels:
            labels[i, :n] = torch.tensor(w.labels).T
    return ids, mask, labels


def loss_of(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(
        logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=IGNORE
    )


def rate_of(name: str, cfg: TrainConfig, layers: int) -> float:
    """The learning rate of one parameter: the head's own, else ``lr`` under layer decay."""
    if name.startswith("head."):
        return cfg.head_lr
    if name.startswith("bert.encoder.layer."):
        depth = layers - 1 - int(name.split(".")[3])
    else:  # the embeddings, below every layer
        depth = layers
    return cfg.lr * cfg.layer_decay**depth


def make_optimizer(model: Tagger, cfg: TrainConfig, total: int) -> tuple[Any, Any]:
    """AdamW (no decay on biases and norms; a larger rate for the fresh head; lower rates for
    lower layers under ``layer_decay``), linear warmup then linear decay to zero at ``total``
    steps."""
    groups: dict[tuple[float, float], list[torch.nn.Parameter]] = {}
    layers = model.config.num_hidden_layers
    for name, p in model.named_parameters():
        lr = rate_of(name, cfg, layers)
        decay = 0.0 if p.ndim == 1 else cfg.weight_decay
        groups.setdefault((lr, decay), []).append(p)
    opt = torch.optim.AdamW(
        [{"params": ps, "lr": lr, "weight_decay": wd} for (lr, wd), ps in groups.items()]
    )
    warm = max(1, int(cfg.warmup * total))

    def factor(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (total - step) / max(1, total - warm))

    return opt, torch.optim.lr_scheduler.LambdaLR(opt, factor)


@torch.no_grad()
def predict_logits(model: Tagger, items: Sequence[Window], size: int = 16) -> list[Any]:
    """Logits (numpy, one array per window) in eval mode, batched by length."""
    model.eval()
    order = sorted(range(len(items)), key=lambda i: len(items[i].ids))
    out: list[Any] = [None] * len(items)
    for j in range(0, len(order), size):
        idx = order[j : j + size]
        ids, mask, _ = collate([items[i] for i in idx])
        logits = model(ids, mask).numpy()
        for k, i in enumerate(idx):
            out[i] = logits[k, : len(items[i].ids)]
    return out


def evaluate(
    model: Tagger,
    tokenizer: Any,
    articles: Sequence[Article],
    max_tokens: int,
    decoding: str = "viterbi",
) -> dict:
    """Scorer figures of ``model`` on ``articles`` (linking by nearness)."""
    tally = Tally()
    for article in articles:
        wins = windows(tokenizer, article.text, None, max_tokens)
        spans = article_spans(article.text, wins, predict_logits(model, wins), decoding)
        tally.add(article.text, article.relations, relations(article.text, spans))
    return tally.figures()


def score(figures: dict) -> float:
    return sum(figures[r]["exact"]["f1"] for r in ROLES) / len(ROLES)


def _save(obj: Any, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def _log(out: Path, **record: Any) -> None:
    with (out / "log.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")


@dataclass
class State:
    step: int = 0
    epoch: int = 0
    batch: int = 0
    """Batches of ``epoch`` already trained."""
    best: float = -1.0
    stale: int = 0
    done: bool = False


def checkpoint(
    out: Path, model: Tagger, opt: Any, sched: Any, state: State, cfg: TrainConfig
) -> None:
    _save(
        {
            "model": model.state_dict(),
            "optimizer": opt.state_dict(),
            "scheduler": sched.state_dict(),
            "state": asdict(state),
            "config": asdict(cfg),
            "torch_rng": torch.get_rng_state(),
            "python_rng": random.getstate(),
        },
        out / "last.pt",
    )


def restore(out: Path, model: Tagger, opt: Any, sched: Any) -> State | None:
    """The saved state, with model, optimizer, scheduler and RNGs put back (None: fresh)."""
    path = out / "last.pt"
    if not path.exists():
        return None
    saved = torch.load(path, weights_only=False)
    model.load_state_dict(saved["model"])
    opt.load_state_dict(saved["optimizer"])
    sched.load_state_dict(saved["scheduler"])
    torch.set_rng_state(saved["torch_rng"])
    random.setstate(saved["python_rng"])
    return State(**saved["state"])


def steps(
    model: Tagger, opt: Any, sched: Any, state: State, cfg: TrainConfig, data: Sequence[Window]
) -> Iterator[float]:
    """Train from ``state`` onwards, one loss per optimizer step, ``state`` kept current."""
    plan = batches(data, cfg.batch_size, cfg.seed, state.epoch)
    for batch in plan[state.batch :]:
        model.train()
        ids, mask, labels = collate(batch)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.precision == "bf16"):
            logits = model(ids, mask)
        loss = loss_of(logits.float(), labels)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        state.step += 1
        state.batch += 1
        yield loss.item()


def train(data: Path, out: Path, cfg: TrainConfig, encoder: Path | None = None) -> State:
    """Train (or resume) into ``out``; returns the final state."""
    out.mkdir(parents=True, exist_ok=True)
    folder = encoder or encoder_dir()
    tokenizer = load_tokenizer(str(folder / "tokenizer.json"))
    saved = out / "config.json"
    if (out / "last.pt").exists() and saved.exists():
        # a resumed run keeps the schedule it started with; only the step limit may change
        limit = cfg.max_steps
        cfg = TrainConfig(**{**asdict(TrainConfig()), **json.loads(saved.read_text("utf-8"))})
        cfg.max_steps = limit
    seed_all(cfg.seed)
    train_articles, dev_articles = load_split(data, "train"), load_split(data, "dev")
    if cfg.limit_articles:
        train_articles = train_articles[: cfg.limit_articles]
        dev_articles = dev_articles[: cfg.limit_articles]
    data_windows = article_windows(tokenizer, train_articles, cfg.max_tokens)
    per_epoch = len(batches(data_windows, cfg.batch_size, cfg.seed, 0))
    total = per_epoch * cfg.epochs
    model = from_pretrained(folder)
    if cfg.init_from:
        saved = torch.load(cfg.init_from, map_location="cpu", weights_only=False)
        model.load_state_dict(saved["model"])
    opt, sched = make_optimizer(model, cfg, total)
    state = restore(out, model, opt, sched) or State()
    if state.done and state.epoch < cfg.epochs and state.stale < cfg.patience:
        state.done = bool(cfg.max_steps) and state.step >= cfg.max_steps
    if state.done:
        return state
    (out / "config.json").write_text(json.dumps(asdict(cfg), indent=2), encoding="utf-8")
    shutil.copyfile(folder / "tokenizer.json", out / "tokenizer.json")
    _log(
        out,
        event="start",
        step=state.step,
        epoch=state.epoch,
        windows=len(data_windows),
        per_epoch=per_epoch,
        total=total,
    )
    window_losses: list[float] = []
    epoch_losses: list[float] = []
    began = time.monotonic()
    while state.epoch < cfg.epochs and not state.done:
        for loss in steps(model, opt, sched, state, cfg, data_windows):
            window_losses.append(loss)
            epoch_losses.append(loss)
            if state.step % cfg.log_every == 0:
                _log(
                    out,
                    event="step",
                    step=state.step,
                    epoch=state.epoch,
                    loss=round(sum(window_losses) / len(window_losses), 4),
                    lr=sched.get_last_lr()[0],
                    seconds=round(time.monotonic() - began, 1),
                )
                window_losses.clear()
            if state.step % cfg.checkpoint_every == 0:
                checkpoint(out, model, opt, sched, state, cfg)
            if cfg.max_steps and state.step >= cfg.max_steps:
                state.done = True
                break
        epoch_end = not state.done
        if epoch_end:
            state.epoch, state.batch = state.epoch + 1, 0
        figures = evaluate(model, tokenizer, dev_articles, cfg.max_tokens, cfg.decoding)
        dev = score(figures)
        if dev > state.best:
            state.best, state.stale = dev, 0
            _save(
                {
                    "model": model.state_dict(),
                    "config": asdict(model.config),
                    "step": state.step,
                    "dev": figures,
                },
                out / "best.pt",
            )
        elif epoch_end:
            state.stale += 1
            state.done = state.stale >= cfg.patience
        _log(
            out,
            event="epoch",
            step=state.step,
            epoch=state.epoch,
            loss=round(sum(epoch_losses) / max(1, len(epoch_losses)), 4),
            dev_mean_f1=round(dev, 2),
            dev=figures,
        )
        epoch_losses.clear()
        if state.epoch >= cfg.epochs:
            state.done = True
        checkpoint(out, model, opt, sched, state, cfg)
    return state
