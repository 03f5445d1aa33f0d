// The typed PluginRegistry: what the Mattermost webapp passes to a plugin's
// initialize(registry, store). Every reArg-wrapped method accepts both call forms
// upstream accepts, and both are derived from the key table in key_order.ts:
//
//   registry.registerChannelHeaderButtonAction(icon, action, dropdownText, tooltipText);
//   registry.registerChannelHeaderButtonAction({icon, action, dropdownText, tooltipText});
//
// RegistryArgs below gives each argument's type; compile-time checks at the end of
// this file fail the build if its keys and the table's keys ever differ.
import type {WebSocketMessages} from '@mattermost/client';
import type {Channel, ChannelMembership} from '@mattermost/types/channels';
import type {FileInfo} from '@mattermost/types/files';
import type {Post, PostEmbed} from '@mattermost/types/posts';
import type {ProductScope} from '@mattermost/types/products';
import type {GlobalState} from '@mattermost/types/store';
import type {ComponentType, ElementType, ReactNode} from 'react';

import type {
    REGISTRY_OBJECT_ONLY_KEYS,
    ReArgMethodName,
    RegistryKeyOrder,
} from './key_order';

/** Any React component; the registry does not constrain props. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyComponent = ComponentType<any>;

/** An element, or a component type the registry instantiates with createElement. */
export type ReactResolvable = ReactNode | ElementType;

/** Any function (assignable from every function type). */
export type AnyFunction = (...args: never[]) => unknown;

/** Called with the current channel and the user's membership of it. */
export type ChannelAction = (channel: Channel, channelMember?: ChannelMembership) => void;

/** A reducer of any state and action (assignable from every Redux reducer). */
export type AnyReducer = (state: never, action: never) => unknown;

export type MessageHookResult = {post?: Post; error?: {message: string}};
export type SlashCommandArgs = {channel_id: string; team_id: string; root_id?: string};
export type SlashCommandHookResult = {message?: string; args?: SlashCommandArgs; error?: {message: string}};
export type FilesHookResult = {message?: string | null; files?: File[] | null};
export type DesktopNotificationArgs = {
    title: string;
    body: string;
    silent: boolean;
    soundName: string;
    url: string;
    notify: boolean;
};

/** A Redux action the host dispatches (what showRHSPlugin & co. are). */
export type HostAction = {type: string; [extra: string]: unknown};

export type RhsRegistration = {
    id: string;
    showRHSPlugin: HostAction;
    hideRHSPlugin: HostAction;
    toggleRHSPlugin: HostAction;
};

export type SubMenuRegistrar = (
    text: ReactResolvable,
    action?: (postId: string) => void,
    filter?: (postId: string) => boolean,
) => SubMenuRegistrar;

/** Argument types of every reArg method, keyed by method then argument name. */
export interface RegistryArgs {
    registerRootComponent: {component: AnyComponent};
    registerPopoverUserAttributesComponent: {component: AnyComponent};
    registerPopoverUserActionsComponent: {component: AnyComponent};
    registerLeftSidebarHeaderComponent: {component: AnyComponent};
    registerBottomTeamSidebarComponent: {component: AnyComponent};
    registerPostMessageAttachmentComponent: {component: AnyComponent};
    registerLinkTooltipComponent: {component: AnyComponent};
    registerActionAfterChannelCreation: {component: AnyComponent; action: AnyFunction};
    registerChannelHeaderIcon: {component: AnyComponent};
    registerChannelHeaderButtonAction: {
        icon: ReactResolvable;
        action: ChannelAction;
        dropdownText: ReactResolvable;
        tooltipText: ReactResolvable;
    };
    registerChannelIntroButtonAction: {icon: ReactResolvable; action: ChannelAction; text: ReactResolvable};
    registerCallButtonAction: {
        button: ReactResolvable;
        dropdownButton: ReactResolvable;
        action: ChannelAction;
        icon?: ReactResolvable;
        dropdownText?: ReactResolvable;
    };
    registerPostTypeComponent: {type: `custom_${string}`; component: AnyComponent};
    registerPostCardTypeComponent: {type: `custom_${string}`; component: AnyComponent};
    registerPostWillRenderEmbedComponent: {
        match: (embed: PostEmbed) => boolean;
        component: AnyComponent;
        toggleable: boolean;
    };
    registerMainMenuAction: {text: ReactResolvable; action: () => void; mobileIcon?: ReactResolvable};
    registerChannelHeaderMenuAction: {
        text: ReactResolvable;
        action: (channelId: string) => void;
        shouldRender?: (state: GlobalState) => boolean;
    };
    registerFileDropdownMenuAction: {
        match: (fileInfo: FileInfo) => boolean;
        text: ReactResolvable;
        action: (fileInfo: FileInfo) => void;
    };
    registerUserGuideDropdownMenuAction: {text: ReactResolvable; action: () => void};
    registerPostActionComponent: {component: AnyComponent};
    registerPostEditorActionComponent: {component: AnyComponent};
    registerCodeBlockActionComponent: {component: AnyComponent};
    registerNewMessagesSeparatorActionComponent: {component: AnyComponent};
    registerPostDropdownMenuAction: {
        text: ReactResolvable;
        action?: (postId: string) => void;
        filter?: (postId: string) => boolean;
    };
    registerPostDropdownSubMenuAction: {
        text: ReactResolvable;
        action?: (postId: string) => void;
        filter?: (postId: string) => boolean;
    };
    /** @deprecated since Mattermost v11: use registerPostDropdownMenuAction. */
    registerPostDropdownMenuComponent: {component: AnyComponent};
    registerFileUploadMethod: {
        icon: ReactNode;
        action: (uploadFiles: (files: File[]) => void) => void;
        text: ReactResolvable;
    };
    registerFilesWillUploadHook: {
        hook: (files: File[], uploadFiles: (files: File[]) => void) => FilesHookResult | Promise<FilesHookResult>;
    };
    unregisterComponent: {componentId: string};
    unregisterPostTypeComponent: {componentId: string};
    registerReducer: {reducer: AnyReducer};
    registerWebSocketEventHandler: {event: string; handler: (msg: WebSocketMessages.Unknown) => void};
    unregisterWebSocketEventHandler: {event: string};
    registerReconnectHandler: {handler: () => void};
    registerMessageWillBePostedHook: {hook: (post: Post) => MessageHookResult | Promise<MessageHookResult>};
    registerSlashCommandWillBePostedHook: {
        hook: (message: string, args: SlashCommandArgs) => SlashCommandHookResult | Promise<SlashCommandHookResult>;
    };
    registerMessageWillFormatHook: {hook: (post: Post, message: string) => string};
    registerFilePreviewComponent: {override: (fileInfo: FileInfo, post?: Post) => boolean; component: AnyComponent};
    registerTranslations: {
        getTranslationsForLocale: (locale: string) => Record<string, string> | Promise<Record<string, string>>;
    };
    registerAdminConsolePlugin: {func: AnyFunction};
    registerAdminConsoleCustomSetting: {key: string; component: AnyComponent; options?: {showTitle: boolean}};
    registerAdminConsoleCustomSection: {key: string; component: AnyComponent};
    registerRightHandSidebarComponent: {component: AnyComponent; title: ReactResolvable};
    registerNeedsTeamRoute: {route: string; component: AnyComponent};
    registerCustomRoute: {route: string; component: AnyComponent};
    /** INTERNAL upstream: subject to change without notice. */
    registerProduct: {
        baseURL: string;
        switcherIcon: string;
        switcherText: ReactResolvable;
        switcherLinkURL: string;
        mainComponent: AnyComponent;
        headerCentreComponent?: AnyComponent;
        headerRightComponent?: AnyComponent;
        showTeamSidebar?: boolean;
        showAppBar?: boolean;
        wrapped?: boolean;
        publicComponent?: AnyComponent;
    };
    registerMessageWillBeUpdatedHook: {
        hook: (newPost: Partial<Post>, oldPost: Post) => MessageHookResult | Promise<MessageHookResult>;
    };
    registerSidebarChannelLinkLabelComponent: {component: AnyComponent};
    registerSidebarBrowseOrAddChannelMenuAction: {
        text: ReactResolvable;
        action: (teamId: string) => void;
        icon: ReactResolvable;
    };
    registerChannelToastComponent: {component: AnyComponent};
    registerGlobalComponent: {component: AnyComponent};
    /** Pass either `action`, or `rhsComponent` with `rhsTitle`. */
    registerAppBarComponent: {
        iconUrl: string;
        tooltipText: ReactResolvable;
        supportedProductIds?: ProductScope;
    } & ({
        action: ChannelAction;
        rhsComponent?: never;
        rhsTitle?: never;
    } | {
        action?: never;
        rhsComponent: AnyComponent;
        rhsTitle: ReactResolvable;
    });
    registerSiteStatisticsHandler: {handler: () => Promise<Record<string, unknown>>};
    registerDesktopNotificationHook: {
        hook: (
            post: Post,
            msgProps: Record<string, unknown>,
            channel: Channel,
            teamId: string,
            args: DesktopNotificationArgs,
        ) => Promise<{error?: string; args?: DesktopNotificationArgs}>;
    };
    registerUserSettings: {setting: {id: string; uiName: string; sections: unknown[]; icon?: string}};
    registerSystemConsoleGroupTable: {component: AnyComponent};
    registerRHSPluginPopoutListener: {
        pluginId: string;
        onPopoutOpened: (teamName: string, channelName: string | undefined, listeners: Record<string, unknown>) => void;
    };
}

/** Return types that are not the usual generated id string. */
interface RegistryReturnOverrides {
    registerPostDropdownSubMenuAction: {id: string; rootRegisterMenuItem: SubMenuRegistrar};
    unregisterComponent: void;
    unregisterPostTypeComponent: void;
    registerReducer: void;
    registerWebSocketEventHandler: void;
    unregisterWebSocketEventHandler: void;
    registerReconnectHandler: void;
    registerTranslations: void;
    registerAdminConsolePlugin: void;
    registerAdminConsoleCustomSetting: void;
    registerAdminConsoleCustomSection: void;
    registerRightHandSidebarComponent: RhsRegistration;
    registerAppBarComponent: string | {id: string; rhsComponent: RhsRegistration};
    registerSiteStatisticsHandler: void;
    registerUserSettings: void;
    registerRHSPluginPopoutListener: void;
}

export type RegistryReturn<M extends ReArgMethodName> =
    M extends keyof RegistryReturnOverrides ? RegistryReturnOverrides[M] : string;

type KeyList<M extends ReArgMethodName> = RegistryKeyOrder[M];

/** Distributes over unions (registerAppBarComponent's either/or). */
type PickKeys<A, K extends PropertyKey> = A extends unknown ? Pick<A, K & keyof A> : never;

/** The single-object call form: exactly the table's keys, typed by RegistryArgs. */
export type ObjectForm<M extends ReArgMethodName> = PickKeys<RegistryArgs[M], KeyList<M>[number]>;

// `{} extends Pick<A, K>` holds exactly when K is optional in A: here `{}` is the point, not a sloppy object type.
type IsOptionalIn<A, K extends PropertyKey> =
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    true extends (A extends unknown ? ({} extends Pick<A, K & keyof A> ? true : false) : never) ? true : false;

type RestOptional<A, Keys extends readonly PropertyKey[]> =
    Keys extends readonly [infer K extends PropertyKey, ...infer Rest extends readonly PropertyKey[]]
        ? IsOptionalIn<A, K> extends true ? RestOptional<A, Rest> : false
        : true;

type ValueOf<A, K extends PropertyKey> = A extends unknown ? (K extends keyof A ? A[K] : undefined) : never;

/**
 * The positional call form: arguments in the table's order. An argument may be
 * left out only when it and every argument after it are optional.
 */
type Positional<A, Keys extends readonly PropertyKey[]> =
    Keys extends readonly [infer K extends PropertyKey, ...infer Rest extends readonly PropertyKey[]]
        ? RestOptional<A, Keys> extends true
            ? Partial<[ValueOf<A, K>, ...Positional<A, Rest>]>
            : [ValueOf<A, K>, ...Positional<A, Rest>]
        : [];

export type PositionalForm<M extends ReArgMethodName> = Positional<RegistryArgs[M], KeyList<M>>;

/** One registry method: both call forms upstream's reArg accepts. */
export type RegistryMethod<M extends ReArgMethodName> = {
    (args: ObjectForm<M>): RegistryReturn<M>;
    (...args: PositionalForm<M>): RegistryReturn<M>;
};

export type ReArgMethods = {[M in ReArgMethodName]: RegistryMethod<M>};

export type SearchComponentsArgs = {
    buttonComponent: AnyComponent;
    suggestionsComponent: AnyComponent;
    hintsComponent: AnyComponent;
    action: AnyFunction;
};

/** The registry the Mattermost webapp passes to initialize(registry, store). */
export interface PluginRegistry extends ReArgMethods {
    /** Object form only upstream (not wrapped in reArg). */
    registerSearchComponents(args: SearchComponentsArgs): string;
    unregisterReconnectHandler(): void;
    unregisterAdminConsolePlugin(): void;
}

// ---- compile-time agreement between RegistryArgs and the key table ----------

type AssertNever<T extends never> = T;

/** Methods whose RegistryArgs keys differ from their key list. */
type MismatchedKeys = {
    [M in ReArgMethodName]: [keyof RegistryArgs[M]] extends [KeyList<M>[number]]
        ? [KeyList<M>[number]] extends [keyof RegistryArgs[M]] ? never : M
        : M;
}[ReArgMethodName];

export type RegistryArgsAgreeWithKeyTable = AssertNever<MismatchedKeys>;
export type RegistryArgsCoverKeyTable = AssertNever<
    Exclude<keyof RegistryArgs, ReArgMethodName> | Exclude<ReArgMethodName, keyof RegistryArgs>
>;
type SearchComponentsKeys = (typeof REGISTRY_OBJECT_ONLY_KEYS)['registerSearchComponents'][number];
export type SearchComponentsAgreeWithKeyTable = AssertNever<
    Exclude<keyof SearchComponentsArgs, SearchComponentsKeys> | Exclude<SearchComponentsKeys, keyof SearchComponentsArgs>
>;
