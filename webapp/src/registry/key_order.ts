// The argument order of every PluginRegistry method of the Mattermost webapp,
// as data. Upstream wraps each method in reArg(keyOrder, fn): the method takes
// either its arguments positionally in this order, or one plain object whose
// keys all come from this list. The typed interface (types.ts) derives both call
// forms from this table, the test harnesses normalise calls with it (re_arg.ts),
// and key_order.test.ts compares it with facts read from upstream registry.ts
// (upstream_registry_facts.json), so a drift fails a test instead of silently
// turning an object argument into a positional one.

/** Methods wrapped in reArg: method name → argument keys in positional order. */
export const REGISTRY_KEY_ORDER = {
    registerRootComponent: ['component'],
    registerPopoverUserAttributesComponent: ['component'],
    registerPopoverUserActionsComponent: ['component'],
    registerLeftSidebarHeaderComponent: ['component'],
    registerBottomTeamSidebarComponent: ['component'],
    registerPostMessageAttachmentComponent: ['component'],
    registerLinkTooltipComponent: ['component'],
    registerActionAfterChannelCreation: ['component', 'action'],
    registerChannelHeaderIcon: ['component'],
    registerChannelHeaderButtonAction: ['icon', 'action', 'dropdownText', 'tooltipText'],
    registerChannelIntroButtonAction: ['icon', 'action', 'text'],
    registerCallButtonAction: ['button', 'dropdownButton', 'action', 'icon', 'dropdownText'],
    registerPostTypeComponent: ['type', 'component'],
    registerPostCardTypeComponent: ['type', 'component'],
    registerPostWillRenderEmbedComponent: ['match', 'component', 'toggleable'],
    registerMainMenuAction: ['text', 'action', 'mobileIcon'],
    registerChannelHeaderMenuAction: ['text', 'action', 'shouldRender'],
    registerFileDropdownMenuAction: ['match', 'text', 'action'],
    registerUserGuideDropdownMenuAction: ['text', 'action'],
    registerPostActionComponent: ['component'],
    registerPostEditorActionComponent: ['component'],
    registerCodeBlockActionComponent: ['component'],
    registerNewMessagesSeparatorActionComponent: ['component'],
    registerPostDropdownMenuAction: ['text', 'action', 'filter'],
    registerPostDropdownSubMenuAction: ['text', 'action', 'filter'],
    registerPostDropdownMenuComponent: ['component'],
    registerFileUploadMethod: ['icon', 'action', 'text'],
    registerFilesWillUploadHook: ['hook'],
    unregisterComponent: ['componentId'],
    unregisterPostTypeComponent: ['componentId'],
    registerReducer: ['reducer'],
    registerWebSocketEventHandler: ['event', 'handler'],
    unregisterWebSocketEventHandler: ['event'],
    registerReconnectHandler: ['handler'],
    registerMessageWillBePostedHook: ['hook'],
    registerSlashCommandWillBePostedHook: ['hook'],
    registerMessageWillFormatHook: ['hook'],
    registerFilePreviewComponent: ['override', 'component'],
    registerTranslations: ['getTranslationsForLocale'],
    registerAdminConsolePlugin: ['func'],
    registerAdminConsoleCustomSetting: ['key', 'component', 'options'],
    registerAdminConsoleCustomSection: ['key', 'component'],
    registerRightHandSidebarComponent: ['component', 'title'],
    registerNeedsTeamRoute: ['route', 'component'],
    registerCustomRoute: ['route', 'component'],
    registerProduct: [
        'baseURL', 'switcherIcon', 'switcherText', 'switcherLinkURL', 'mainComponent',
        'headerCentreComponent', 'headerRightComponent', 'showTeamSidebar', 'showAppBar',
        'wrapped', 'publicComponent',
    ],
    registerMessageWillBeUpdatedHook: ['hook'],
    registerSidebarChannelLinkLabelComponent: ['component'],
    registerSidebarBrowseOrAddChannelMenuAction: ['text', 'action', 'icon'],
    registerChannelToastComponent: ['component'],
    registerGlobalComponent: ['component'],
    registerAppBarComponent: ['iconUrl', 'action', 'tooltipText', 'supportedProductIds', 'rhsComponent', 'rhsTitle'],
    registerSiteStatisticsHandler: ['handler'],
    registerDesktopNotificationHook: ['hook'],
    registerUserSettings: ['setting'],
    registerSystemConsoleGroupTable: ['component'],
    registerRHSPluginPopoutListener: ['pluginId', 'onPopoutOpened'],
} as const satisfies Record<string, readonly string[]>;

/** Methods that take only one object argument (not wrapped in reArg). */
export const REGISTRY_OBJECT_ONLY_KEYS = {
    registerSearchComponents: ['buttonComponent', 'suggestionsComponent', 'hintsComponent', 'action'],
} as const satisfies Record<string, readonly string[]>;

/** Methods that take no argument. */
export const REGISTRY_NO_ARG_METHODS = ['unregisterReconnectHandler', 'unregisterAdminConsolePlugin'] as const;

export type RegistryKeyOrder = typeof REGISTRY_KEY_ORDER;
export type ReArgMethodName = keyof RegistryKeyOrder;
export type ObjectOnlyMethodName = keyof typeof REGISTRY_OBJECT_ONLY_KEYS;
export type NoArgMethodName = (typeof REGISTRY_NO_ARG_METHODS)[number];
export type RegistryMethodName = ReArgMethodName | ObjectOnlyMethodName | NoArgMethodName;

export function isReArgMethod(name: string): name is ReArgMethodName {
    return Object.hasOwn(REGISTRY_KEY_ORDER, name);
}
