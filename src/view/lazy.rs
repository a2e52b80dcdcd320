//! Parts of the page fetched when first used. The page build (`scripts/build-page.sh`, cargo
//! feature `split`) cuts each part into a wasm module of its own at the split point that
//! [`part!`] writes; every other build (the tests, the npm package, the one-file page) keeps one
//! module, where a part is simply there. [`use_part`] fetches a part when a component wants it;
//! [`Lazy`] draws a view's part with it: at once when its module is in, else a placeholder that
//! says so, and, if the module cannot be fetched, the reason and a retry.

use std::future::Future;
use std::pin::Pin;
use yew::prelude::*;

/// Draws a view's part from its properties. The function lives in the part's module.
pub type Draw<P> = fn(P) -> Html;

/// A part's module did not arrive (the network, the host, or a module that does not instantiate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartMissing;

impl PartMissing {
    /// What the user reads when the part `name` ("the job list") did not arrive.
    pub fn said(name: &str) -> String {
        format!("Could not load {name}: the network or the server that hosts this page did not deliver it. The rest of the page works.")
    }
}

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for PartMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        PartMissing
    }
}

/// What fetching a part returns.
pub type Fetched<T> = Pin<Box<dyn Future<Output = Result<T, PartMissing>>>>;

/// One part: its name as the user reads it, and how to reach what it holds (`T`: a view's
/// drawing function, [`Draw`], or functions called on a click), which lives in its module.
pub struct Part<T: 'static> {
    pub name: &'static str,
    /// What the part holds if its module is in (always, in a build that is not split).
    pub here: fn() -> Option<T>,
    /// Fetches the module (once; a failure is not remembered, so a retry fetches again).
    pub fetch: fn() -> Fetched<T>,
}

impl<T> PartialEq for Part<T> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl<T> Clone for Part<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Part<T> {}

/// Declares a part.
/// - A view: `part!(pub HISTORY, history, "the History view", HistoryViewProps => |p| html! { … })`,
///   drawn by [`Lazy`];
/// - anything else: `part!(pub WRITERS, writers, "the exports", fn Writers = Writers { … })`, a
///   `Copy` value of functions, reached by [`Part::get`].
///
/// `history` names the part's module (one wasm file in the split build).
macro_rules! part {
    // Tried first: a `ty` fragment that fails to parse (`fn Writers`) is an error, not a miss.
    ($vis:vis $constant:ident, $module:ident, $label:literal, fn $held:ty = $value:expr) => {
        $crate::view::lazy::part!(@holding $vis $constant, $module, $label, $held, $value);
    };
    ($vis:vis $constant:ident, $module:ident, $label:literal, $props:ty => $draw:expr) => {
        $crate::view::lazy::part!(@holding $vis $constant, $module, $label, $crate::view::lazy::Draw<$props>, $draw);
    };
    (@holding $vis:vis $constant:ident, $module:ident, $label:literal, $held:ty, $value:expr) => {
        $vis const $constant: $crate::view::lazy::Part<$held> = {
            use $crate::view::lazy::{Fetched, PartMissing};
            #[cfg(feature = "split")]
            thread_local! {
                static ARRIVED: ::std::cell::Cell<Option<$held>> = const { ::std::cell::Cell::new(None) };
            }
            #[cfg(feature = "split")]
            #[wasm_split_helpers::wasm_split($module, fallible)]
            fn $module() -> Result<$held, PartMissing> {
                Ok($value)
            }
            #[cfg(feature = "split")]
            fn here() -> Option<$held> {
                ARRIVED.with(|a| a.get())
            }
            #[cfg(not(feature = "split"))]
            fn here() -> Option<$held> {
                Some($value)
            }
            #[cfg(feature = "split")]
            fn fetch() -> Fetched<$held> {
                Box::pin(async {
                    let held = $module().await?;
                    ARRIVED.with(|a| a.set(Some(held)));
                    Ok(held)
                })
            }
            #[cfg(not(feature = "split"))]
            fn fetch() -> Fetched<$held> {
                Box::pin(async { Ok::<$held, PartMissing>($value) })
            }
            $crate::view::lazy::Part { name: $label, here, fetch }
        };
    };
}
pub(crate) use part;

/// Properties of [`Lazy`].
#[derive(Properties, PartialEq)]
pub struct LazyProps<P: PartialEq + 'static> {
    pub part: Part<Draw<P>>,
    pub props: P,
}

/// Where a part's fetch stands, for the component that wants it.
#[derive(Clone, Copy, PartialEq)]
enum Fetch {
    Waiting,
    Arrived,
    Failed,
}

/// A part as a component has it: in, on its way (or not wanted yet), or not delivered, with a
/// callback that fetches it again.
pub enum Arrival<T> {
    In(T),
    Waiting,
    Failed(Callback<()>),
}

impl<T: Copy> Arrival<T> {
    /// What the part holds, if it is in.
    pub fn held(&self) -> Option<T> {
        match self {
            Arrival::In(held) => Some(*held),
            _ => None,
        }
    }
}

/// The part `part`, fetched once `wanted` (a part already in is there at once, wanted or not);
/// the component renders again when the fetch ends.
#[hook]
pub fn use_part<T: Copy + 'static>(part: Part<T>, wanted: bool) -> Arrival<T> {
    let attempt = use_state(|| 0u32);
    let fetch = use_state(|| Fetch::Waiting);
    let arrived = (part.here)();
    {
        let fetch = fetch.clone();
        use_effect_with((*attempt, wanted && arrived.is_none()), move |&(_, due)| {
            if due {
                fetch.set(Fetch::Waiting);
                wasm_bindgen_futures::spawn_local(async move {
                    // A success renders the component again, which then finds the part here.
                    let outcome = (part.fetch)().await;
                    fetch.set(if outcome.is_ok() { Fetch::Arrived } else { Fetch::Failed });
                });
            }
        });
    }
    match (arrived, *fetch) {
        (Some(held), _) => Arrival::In(held),
        (None, Fetch::Failed) => Arrival::Failed(Callback::from(move |()| attempt.set(*attempt + 1))),
        (None, Fetch::Waiting | Fetch::Arrived) => Arrival::Waiting,
    }
}

/// What stands for a part on its way.
pub fn part_loading(name: &str) -> Html {
    html! { <p class="muted part-loading" role="status">{ format!("Loading {name}…") }</p> }
}

/// What stands for a part that did not arrive: the reason, and a button that fetches it again.
pub fn part_missing(name: &str, onretry: Callback<()>) -> Html {
    html! {
        <div class="error part-missing" role="alert">
            <p>{ PartMissing::said(name) }</p>
            <button type="button" onclick={onretry.reform(|_| ())}>{ "Try again" }</button>
        </div>
    }
}

/// A part, drawn when its module is in; until then a placeholder, and after a failed fetch the
/// reason and a button that fetches again.
#[function_component(Lazy)]
pub fn lazy<P: PartialEq + Clone + 'static>(props: &LazyProps<P>) -> Html {
    match use_part(props.part, true) {
        Arrival::In(draw) => draw(props.props.clone()),
        Arrival::Waiting => part_loading(props.part.name),
        Arrival::Failed(onretry) => part_missing(props.part.name, onretry),
    }
}

impl<T: Copy + 'static> Part<T> {
    /// What the part holds: at once when its module is in, else once it is fetched.
    pub async fn get(self) -> Result<T, PartMissing> {
        match (self.here)() {
            Some(held) => Ok(held),
            None => (self.fetch)().await,
        }
    }

    /// Fetches the part's module now, so that it is in when first used; a failure is left to
    /// what uses it, which says so and offers a retry.
    pub async fn prefetch(self) {
        let _ = self.get().await;
    }
}
