//! The in-tab server's clock: pause/play, jumps of 1 s, 10 s and 1 min, and the speed of play.

use crate::actions;
use crate::api::{self, Target};
use crate::app::use_ctx;
use crate::components::jobs_board::human;
use crate::dom::{self, Ticker};
use crate::state::Action;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`ClockControls`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub target: Target,
    pub playing: bool,
    /// Virtual seconds per real second.
    pub speed: u32,
    /// Changes whenever the in-tab server changed (the clock display follows it).
    pub server_rev: u64,
}

/// How often a playing clock ticks, in milliseconds.
const TICK_MS: u32 = 250;
/// The speeds offered.
const SPEEDS: &[u32] = &[1, 2, 5, 10, 30, 60];

/// The clock bar.
#[function_component(ClockControls)]
pub fn clock_controls(p: &Props) -> Html {
    let ctx = use_ctx();
    // While playing, advance by speed × elapsed real time, in whole seconds (the remainder carries over).
    {
        let ctx = ctx.clone();
        use_effect_with((p.playing, p.speed, p.target.clone()), move |(playing, speed, target)| {
            let ticker = match (ctx, *playing && *target == Target::InTab) {
                (Some(ctx), true) => {
                    let speed = f64::from(*speed);
                    let carry = Rc::new(Cell::new(0.0f64));
                    let last = Rc::new(Cell::new(dom::wall_millis()));
                    Some(Ticker::every(TICK_MS, move || {
                        let now = dom::wall_millis();
                        let elapsed = ((now - last.get()) / 1000.0).clamp(0.0, 2.0);
                        last.set(now);
                        let total = carry.get() + elapsed * speed;
                        let whole = total.floor();
                        carry.set(total - whole);
                        if whole >= 1.0 {
                            actions::advance(&ctx.handle, &ctx.dispatch, whole as u64);
                        }
                    }))
                }
                _ => None,
            };
            move || {
                if let Some(t) = ticker {
                    t.stop();
                }
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    if p.target != Target::InTab {
        return html! {
            <div class="clock" role="group" aria-label="Clock">
                <span class="muted">{ "Clock: the remote server's own" }</span>
            </div>
        };
    }
    let (now, rv) = api::clock(&ctx.handle).unwrap_or((jiff::Timestamp::UNIX_EPOCH, 0));
    let start = ctx.handle.runtime.try_borrow().map(|rt| rt.start_time).unwrap_or(0);
    let elapsed = now.as_second() - start;
    let jump = |secs: u64| {
        let (h, d) = (ctx.handle.clone(), ctx.dispatch.clone());
        Callback::from(move |_: MouseEvent| actions::advance(&h, &d, secs))
    };
    let toggle = {
        let d = ctx.dispatch.clone();
        let playing = p.playing;
        Callback::from(move |_: MouseEvent| d.dispatch(Action::SetPlaying(!playing)))
    };
    let on_speed = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Ok(v) = dom::event_value(&e).parse::<u32>() {
                d.dispatch(Action::SetSpeed(v));
            }
        })
    };
    html! {
        <div class="clock" role="group" aria-label="Clock of the in-tab server">
            <button type="button" id="play" class={classes!("small", p.playing.then_some("on"))} onclick={toggle}
                aria-pressed={p.playing.to_string()} title={if p.playing { "Pause the clock" } else { "Let time run" }}>
                { if p.playing { "⏸ Pause" } else { "▶ Play" } }
            </button>
            <button type="button" class="small" onclick={jump(1)} aria-label="Advance 1 second">{ "+1 s" }</button>
            <button type="button" class="small" onclick={jump(10)} aria-label="Advance 10 seconds">{ "+10 s" }</button>
            <button type="button" class="small" onclick={jump(60)} aria-label="Advance 1 minute">{ "+1 min" }</button>
            <label for="speed" class="visually-hidden">{ "Speed" }</label>
            <select id="speed" onchange={on_speed} title="Virtual seconds per real second while playing">
                { for SPEEDS.iter().map(|s| html! {
                    <option value={s.to_string()} selected={*s == p.speed}>{ format!("{s}×") }</option>
                }) }
            </select>
            <span class="time" id="clock-time" title={now.to_string()}>
                <time datetime={now.to_string()}>{ dom::hms(now) }</time>{ " UTC" }
                <span class="muted">{ format!(" +{} · rv {rv}", human(elapsed)) }</span>
            </span>
        </div>
    }
}
