//! Parts of the page fetched when first used. The page build (`scripts/build-page.sh`, cargo
//! feature `split`) cuts each part into a wasm module of its own at the split point that
//! [`part!`] writes; every other build (the tests, the npm package, the one-file page) keeps one
//! module, where a part is simply there. [`Lazy`] draws a part: at once when its module is in,
//! else a placeholder that says so, and, if the module cannot be fetched, the reason and a retry.

use std::future::Future;
use std::pin::Pin;
use yew::prelude::*;

/// Draws a part from its properties. The function lives in the part's module.
pub type Draw<P> = fn(P) -> Html;

/// A part's module did not arrive (the network, the host, or a module that does not instantiate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartMissing;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for PartMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        PartMissing
    }
}

/// What fetching a part returns.
pub type Fetched<P> = Pin<Box<dyn Future<Output = Result<Draw<P>, PartMissing>>>>;

/// One part: its name as the user reads it, and how to reach its drawing function.
pub struct Part<P: 'static> {
    pub name: &'static str,
    /// The drawing function if its module is in (always, in a build that is not split).
    pub here: fn() -> Option<Draw<P>>,
    /// Fetches the module (once; a failure is not remembered, so a retry fetches again).
    pub fetch: fn() -> Fetched<P>,
}

impl<P> PartialEq for Part<P> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl<P> Clone for Part<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P> Copy for Part<P> {}

/// Declares a part: `part!(pub HISTORY, history, "the History view", HistoryViewProps => |p| html! { … })`.
/// `history` names the part's module (one wasm file in the split build).
macro_rules! part {
    ($vis:vis $constant:ident, $module:ident, $label:literal, $props:ty => $draw:expr) => {
        $vis const $constant: $crate::view::lazy::Part<$props> = {
            use $crate::view::lazy::{Draw, Fetched, PartMissing};
            #[cfg(feature = "split")]
            thread_local! {
                static ARRIVED: ::std::cell::Cell<Option<Draw<$props>>> = const { ::std::cell::Cell::new(None) };
            }
            #[cfg(feature = "split")]
            #[wasm_split_helpers::wasm_split($module, fallible)]
            fn $module() -> Result<Draw<$props>, PartMissing> {
                Ok($draw)
            }
            #[cfg(feature = "split")]
            fn here() -> Option<Draw<$props>> {
                ARRIVED.with(|a| a.get())
            }
            #[cfg(not(feature = "split"))]
            fn here() -> Option<Draw<$props>> {
                Some($draw)
            }
            #[cfg(feature = "split")]
            fn fetch() -> Fetched<$props> {
                Box::pin(async {
                    let draw = $module().await?;
                    ARRIVED.with(|a| a.set(Some(draw)));
                    Ok(draw)
                })
            }
            #[cfg(not(feature = "split"))]
            fn fetch() -> Fetched<$props> {
                Box::pin(async { Ok::<Draw<$props>, PartMissing>($draw) })
            }
            $crate::view::lazy::Part { name: $label, here, fetch }
        };
    };
}
pub(crate) use part;

/// Properties of [`Lazy`].
#[derive(Properties, PartialEq)]
pub struct LazyProps<P: PartialEq + 'static> {
    pub part: Part<P>,
    pub props: P,
    /// Nothing stands in for the part while it is fetched (a part that draws nothing); a failed
    /// fetch is said all the same.
    #[prop_or_default]
    pub quiet: bool,
}

/// Where a part's fetch stands, for this view.
#[derive(Clone, Copy, PartialEq)]
enum Fetch {
    Waiting,
    Arrived,
    Failed,
}

/// A part, drawn when its module is in; until then a placeholder, and after a failed fetch the
/// reason and a button that fetches again.
#[function_component(Lazy)]
pub fn lazy<P: PartialEq + Clone + 'static>(props: &LazyProps<P>) -> Html {
    let part = props.part;
    let attempt = use_state(|| 0u32);
    let fetch = use_state(|| Fetch::Waiting);
    let arrived = (part.here)();
    {
        let fetch = fetch.clone();
        use_effect_with((*attempt, arrived.is_some()), move |&(_, arrived)| {
            if !arrived {
                fetch.set(Fetch::Waiting);
                wasm_bindgen_futures::spawn_local(async move {
                    // A success re-renders this view, which then finds the part here.
                    let outcome = (part.fetch)().await;
                    fetch.set(if outcome.is_ok() { Fetch::Arrived } else { Fetch::Failed });
                });
            }
        });
    }
    if let Some(draw) = arrived {
        return draw(props.props.clone());
    }
    match *fetch {
        Fetch::Waiting | Fetch::Arrived if props.quiet => Html::default(),
        Fetch::Waiting | Fetch::Arrived => html! {
            <p class="muted part-loading" role="status">{ format!("Loading {}…", part.name) }</p>
        },
        Fetch::Failed => {
            let onretry = Callback::from(move |_| attempt.set(*attempt + 1));
            html! {
                <div class="error part-missing" role="alert">
                    <p>{ format!("Could not load {}: the network or the server that hosts this page did not deliver it. The rest of the page works.", part.name) }</p>
                    <button type="button" onclick={onretry}>{ "Try again" }</button>
                </div>
            }
        }
    }
}

impl<P> Part<P> {
    /// Fetches the part's module now, so that it is in when first used; a failure is left to
    /// the view that uses it, which says so and offers a retry.
    pub async fn prefetch(self) {
        if (self.here)().is_none() {
            let _ = (self.fetch)().await;
        }
    }
}
