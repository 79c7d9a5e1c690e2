//! Guided lessons: a list, then one step at a time with its request pre-filled and what to look for.

use crate::actions;
use crate::api::Target;
use crate::app::use_ctx;
use crate::components::{rich, status_badge};
use crate::form::RequestForm;
use crate::lessons::LESSONS;
use crate::state::{Action, Exchange, LessonAt};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Lessons`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub at: Option<LessonAt>,
    pub history: Rc<Vec<Exchange>>,
    pub form: RequestForm,
    pub target: Target,
}

/// The lessons panel.
#[function_component(Lessons)]
pub fn lessons(p: &Props) -> Html {
    let ctx = use_ctx();
    let Some(ctx) = ctx else { return html! {} };
    let go = |lesson: usize, step: usize| {
        let (h, d, form, target) = (ctx.handle.clone(), ctx.dispatch.clone(), p.form.clone(), p.target.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = LESSONS.get(lesson).and_then(|l| l.steps.get(step)) {
                actions::start_step(&h, &d, (&form, &target), lesson, step, s);
                crate::dom::focus("lesson-step-title");
            }
        })
    };
    let Some(at) = p.at.filter(|a| LESSONS.get(a.lesson).is_some_and(|l| a.step < l.steps.len())) else {
        return html! {
            <div class="lessons">
                <p class="help">{ "Short guided tours. Each step fills in a request for you and says what to look for in the answer." }</p>
                <ol class="lesson-list">
                    { for LESSONS.iter().enumerate().map(|(i, l)| html! {
                        <li data-lesson={l.id}>
                            <h2>{ l.title }</h2>
                            <p>{ rich(l.intro) }</p>
                            <button type="button" class="small" onclick={go(i, 0)} aria-label={format!("Start lesson: {}", l.title)}>
                                { format!("Start ({} steps)", l.steps.len()) }
                            </button>
                        </li>
                    }) }
                </ol>
            </div>
        };
    };
    let lesson = &LESSONS[at.lesson];
    let step = &lesson.steps[at.step];
    let results: Vec<&Exchange> = p.history.iter().filter(|e| e.id >= at.since).collect();
    let last_code = results.last().and_then(|e| e.result.as_ref().ok()).map(|r| r.status);
    let done = !step.expect.is_empty()
        && results.iter().any(|e| e.result.as_ref().is_ok_and(|r| step.expect.contains(&r.status)));
    let exit = {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Lesson(None)))
    };
    let advance = step.advance.map(|secs| {
        let (h, d) = (ctx.handle.clone(), ctx.dispatch.clone());
        (secs, Callback::from(move |_: MouseEvent| actions::advance(&h, &d, secs)))
    });
    let refill = step.prefill.map(|pre| {
        let (h, d, form, target) = (ctx.handle.clone(), ctx.dispatch.clone(), p.form.clone(), p.target.clone());
        Callback::from(move |_: MouseEvent| actions::prefill(&h, &d, &form, &target, &pre))
    });
    let last = at.step + 1 == lesson.steps.len();
    let expected = step.expect.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" or ");
    html! {
        <div class="lessons">
            <div class="lesson-head">
                <button type="button" class="link" onclick={exit}>{ "← All lessons" }</button>
                <h2>{ lesson.title }</h2>
            </div>
            <ol class="steps" aria-label="Steps">
                { for lesson.steps.iter().enumerate().map(|(i, s)| html! {
                    <li class={classes!((i == at.step).then_some("current"))}>
                        <button type="button" class="link" onclick={go(at.lesson, i)} aria-current={(i == at.step).then_some("step")}>
                            { format!("{}. {}", i + 1, s.title) }
                        </button>
                    </li>
                }) }
            </ol>
            <section class="step" aria-live="polite">
                <h3 id="lesson-step-title" tabindex="-1">{ format!("Step {} of {}: {}", at.step + 1, lesson.steps.len(), step.title) }</h3>
                <p>{ rich(step.text) }</p>
                <div class="step-actions">
                    if let Some(cb) = refill {
                        <button type="button" class="small" onclick={cb}>{ "Fill in the request again" }</button>
                    }
                    if let Some((secs, cb)) = advance {
                        if p.target == Target::InTab {
                            <button type="button" class="small primary" onclick={cb}>
                                { if secs >= 60 { format!("Advance the clock {} min", secs / 60) } else { format!("Advance the clock {secs} s") } }
                            </button>
                        }
                    }
                </div>
                if step.prefill.is_some() {
                    <p class="help">{ "The request is in the editor: press Send (or Ctrl+Enter)." }</p>
                }
                <h4>{ "What to look for" }</h4>
                <p class="observe">{ rich(step.observe) }</p>
                if !step.expect.is_empty() {
                    <p class={classes!("check", if done { "done" } else { "todo" })}>
                        if done {
                            { "✓ Done: the server answered as expected." }
                        } else if let Some(code) = last_code {
                            { "Last answer " }{ status_badge(code) }{ format!(" — this step expects {expected}.") }
                        } else {
                            { format!("Waiting for your request (expected answer: {expected}).") }
                        }
                    </p>
                }
                <div class="step-nav">
                    <button type="button" class="small" disabled={at.step == 0} onclick={go(at.lesson, at.step.saturating_sub(1))}>{ "← Previous" }</button>
                    if last {
                        <button type="button" class="small primary" onclick={
                            let d = ctx.dispatch.clone();
                            Callback::from(move |_: MouseEvent| d.dispatch(Action::Lesson(None)))
                        }>{ "Finish" }</button>
                    } else {
                        <button type="button" class={classes!("small", done.then_some("primary"))} onclick={go(at.lesson, at.step + 1)}>{ "Next step →" }</button>
                    }
                </div>
            </section>
        </div>
    }
}
