// Registered with registerRootComponent: mounted once at the root of the channel
// view, it shows the modal while the plugin state says it is open.
import {useSelector} from 'react-redux';

import {isModalOpen} from '../state/selectors';

import {WorldTimeModal} from './world_time_modal';

export function WorldTimeRoot() {
    const open = useSelector(isModalOpen);
    return open ? <WorldTimeModal/> : null;
}
